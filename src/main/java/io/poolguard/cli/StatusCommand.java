package io.poolguard.cli;

import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code status}: one screen of health, pool, server side, active alerts and the last stability run. */
@Command(name = "status", sortOptions = false,
        description = "One screen: health, pool, server side, active alerts and the last stability run.")
final class StatusCommand implements Callable<Integer> {

    @Option(names = "--json", description = "One JSON object: health, database, alerts, lastRun.")
    boolean json;

    @Mixin
    ServiceOptions service = new ServiceOptions();

    @Mixin
    HelpOption help = new HelpOption();

    private final Terminal terminal;

    StatusCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        ServiceClient client = service.client(terminal);
        JsonNode health = client.get(ServiceJson.HEALTH, Set.of(200, 503)).body();
        JsonNode database = client.get(ServiceJson.DATABASE, Set.of(200, 503)).body();
        JsonNode alerts = client.get(ServiceJson.ALERTS, Set.of(200)).body();
        JsonNode lastRun = null;
        String runsNote = null;
        try {
            JsonNode runs = client.get(ServiceJson.RUNS, Set.of(200)).body();
            lastRun = runs.isArray() && !runs.isEmpty() ? runs.get(0) : null;
        } catch (CliFailure refused) {
            // runs need the API key; the rest of the screen does not
            runsNote = refused.getMessage();
        }
        boolean up = "UP".equals(health.path("status").asText());
        if (json) {
            ObjectNode all = ServiceClient.JSON.createObjectNode();
            all.set("health", health);
            all.set("database", database);
            all.set("alerts", alerts);
            all.set("lastRun", lastRun);
            terminal.line(all.toString());
        } else {
            print(client.where(), health, ServiceJson.Database.of(database), ServiceJson.Alert.active(alerts),
                    lastRun, runsNote);
        }
        return up ? ExitCode.OK.code() : ExitCode.NOT_OK.code();
    }

    private void print(String where, JsonNode health, ServiceJson.Database db, List<ServiceJson.Alert> alerts,
            JsonNode lastRun, String runsNote) {
        terminal.line(terminal.bold("PoolGuard at " + where));
        StringBuilder checks = new StringBuilder();
        for (JsonNode check : health.path("checks")) {
            checks.append(checks.isEmpty() ? "" : ", ").append(check.path("name").asText()).append(' ')
                    .append(check.path("status").asText());
        }
        String status = health.path("status").asText("?");
        terminal.line(row("health", ("UP".equals(status) ? terminal.green(status) : terminal.red(status))
                + (checks.isEmpty() ? "" : " (" + checks + ")")));
        String dbStatus = db.up() ? terminal.green("UP")
                : terminal.red("DOWN " + Text.of(db.failure()) + ": " + Text.of(db.reason()));
        terminal.line(row("database", dbStatus + "  " + Text.of(db.jdbcUrl())));
        terminal.line(row("pool", "active " + Text.of(db.active()) + "  idle " + Text.of(db.idle()) + "  awaiting "
                + Text.of(db.awaiting()) + "  max " + Text.of(db.maxSize()) + "  used " + Text.percent(db.utilisation())
                + "  max used " + Text.of(db.maxUsed()) + "  acquisition timeouts " + Text.of(db.acquisitionTimeouts())
                + "  invalid " + Text.of(db.invalid()) + "  leaks " + Text.of(db.leaks())));
        ServiceJson.Server server = db.server();
        String serverLine = server.hasFigures()
                ? "PostgreSQL " + Text.of(server.version()) + "  ours " + Text.of(server.ours()) + " (active "
                        + Text.of(server.oursActive()) + ", idle " + Text.of(server.oursIdle()) + ", idle in tx "
                        + Text.of(server.oursIdleInTransaction()) + ")  total " + Text.of(server.total())
                        + "  max_connections " + Text.of(server.maxConnections()) + "  oldest tx "
                        + Text.seconds(server.oldestTransactionSeconds())
                : "";
        if (!"UP".equals(server.status())) {
            serverLine = terminal.red(Text.of(server.status()) + (server.failure() == null ? ""
                    : " " + server.failure()) + (server.reason() == null ? "" : ": " + server.reason()))
                    + (serverLine.isEmpty() ? "" : "  last seen: " + serverLine);
        }
        terminal.line(row("server", serverLine));
        if (alerts.isEmpty()) {
            terminal.line(row("alerts", "none"));
        }
        for (ServiceJson.Alert alert : alerts) {
            terminal.line(row("alert", terminal.red(alert.rule() + " (" + Text.of(alert.severity()) + ")")
                    + " since " + Text.instant(alert.startedAt()) + ": " + Text.of(alert.message())));
        }
        terminal.line(row("last run", lastRun == null ? (runsNote == null ? "none" : runsNote) : lastRun(lastRun)));
    }

    private static String lastRun(JsonNode json) {
        ServiceJson.Run run = ServiceJson.Run.of(json);
        return run.id() + " " + run.state() + ", " + Text.of(run.mode()) + " " + run.done() + "/" + run.total()
                + ", " + run.failed() + " failed, p99 " + Text.millis(run.latency().p99())
                + (run.stable() == null ? "" : ", " + (run.stable() ? "stable" : "unstable: " + run.reason()));
    }

    private static String row(String label, String value) {
        return String.format("%-9s %s", label, value);
    }
}
