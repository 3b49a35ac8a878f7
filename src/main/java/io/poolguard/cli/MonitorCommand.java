package io.poolguard.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code monitor} (the note's {@code --mode monitor}): one line per sample of the service's database view and
 * alerts, counters as increases since the previous line. Keeps going when the service does not answer (one line
 * per missed sample); Ctrl-C ends it with a summary.
 */
@Command(name = "monitor", sortOptions = false,
        description = { "One line per sample: pool active/idle/awaiting/max, utilisation, acquisition timeouts,"
                + " invalid and leaks since the last line, server-side ours/total/max_connections, oldest"
                + " transaction, active alerts.", "Ctrl-C ends with a summary." })
final class MonitorCommand implements Callable<Integer> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final Set<Integer> ANSWERS = Set.of(200, 503);

    @Option(names = "--interval", paramLabel = "TIME", defaultValue = "30", converter = DurationConverter.class,
            description = "Time between samples: seconds (30, 0.5), 500ms, 10s, 1m (default: ${DEFAULT-VALUE} s).")
    Duration interval;

    @Option(names = "--count", paramLabel = "N", description = "Stop after N lines (default: until Ctrl-C).")
    Long count;

    @Option(names = "--json", description = "NDJSON: one JSON object per line.")
    boolean json;

    @Mixin
    ServiceOptions service = new ServiceOptions();

    @Mixin
    HelpOption help = new HelpOption();

    @Spec
    CommandSpec spec;

    private final Terminal terminal;

    MonitorCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    Duration interval() {
        return interval;
    }

    @Override
    public Integer call() {
        if (interval.compareTo(Duration.ofMillis(100)) < 0) {
            throw new ParameterException(spec.commandLine(), "--interval must be at least 100ms");
        }
        if (count != null && count < 1) {
            throw new ParameterException(spec.commandLine(), "--count must be >= 1");
        }
        ServiceClient client = service.client(terminal);
        CtrlC ctrlC = CtrlC.listen();
        Summary summary = new Summary(Instant.now());
        long started = System.nanoTime();
        for (long line = 1;; line++) {
            sample(client, summary);
            if (count != null && line >= count) {
                break;
            }
            long nextTick = started + line * interval.toNanos();
            if (ctrlC.await(Duration.ofNanos(nextTick - System.nanoTime()))) {
                String text = summary.line(client.where());
                if (json) {
                    terminal.error(text);
                } else {
                    terminal.line(text);
                }
                break;
            }
        }
        return summary.samples > 0 ? ExitCode.OK.code() : ExitCode.NO_ANSWER.code();
    }

    private void sample(ServiceClient client, Summary summary) {
        Instant at = Instant.now();
        ServiceJson.Database database;
        List<ServiceJson.Alert> alerts;
        try {
            database = ServiceJson.Database.of(client.get(ServiceJson.DATABASE, ANSWERS).body());
            alerts = ServiceJson.Alert.active(client.get(ServiceJson.ALERTS, Set.of(200)).body());
        } catch (CliFailure failure) {
            if (failure.exit() == ExitCode.USAGE) {
                throw failure;
            }
            summary.missed++;
            if (json) {
                ObjectNode line = ServiceClient.JSON.createObjectNode().put("at", at.toString())
                        .put("answered", false).put("error", failure.getMessage());
                terminal.line(line.toString());
            } else {
                terminal.line(time(at) + " " + terminal.red(failure.getMessage()));
            }
            return;
        }
        ServiceJson.Database previous = summary.last;
        summary.add(database, alerts);
        terminal.line(json ? jsonLine(at, database, previous, alerts) : textLine(at, database, previous, alerts));
    }

    private String textLine(Instant at, ServiceJson.Database db, ServiceJson.Database previous,
            List<ServiceJson.Alert> alerts) {
        StringBuilder line = new StringBuilder(time(at)).append(" pool active=").append(Text.of(db.active()))
                .append(" idle=").append(Text.of(db.idle())).append(" awaiting=")
                .append(flag(db.awaiting(), Text.of(db.awaiting())))
                .append(" max=").append(Text.of(db.maxSize())).append(" used=").append(used(db.utilisation()))
                .append(' ').append(counter("timeouts", db.acquisitionTimeouts(), previous == null ? null
                        : previous.acquisitionTimeouts()))
                .append(' ').append(counter("invalid", db.invalid(), previous == null ? null : previous.invalid()))
                .append(' ').append(counter("leaks", db.leaks(), previous == null ? null : previous.leaks()));
        ServiceJson.Server server = db.server();
        line.append(" | server ");
        if (server.hasFigures()) {
            line.append("ours=").append(Text.of(server.ours())).append(" total=").append(Text.of(server.total()))
                    .append(" max_connections=").append(Text.of(server.maxConnections())).append(" oldest_tx=")
                    .append(Text.seconds(server.oldestTransactionSeconds()));
            if (!"UP".equals(server.status())) {
                line.append(" (").append(Text.of(server.status())).append(')');
            }
        } else {
            line.append(terminal.red(Text.of(server.status()) + (server.failure() == null ? ""
                    : " " + server.failure())));
        }
        if (!db.up()) {
            line.append(" | database ").append(terminal.red("DOWN " + Text.of(db.failure())));
        }
        line.append(" | alerts ");
        line.append(alerts.isEmpty() ? "none" : terminal.red(String.join(",",
                alerts.stream().map(ServiceJson.Alert::rule).toList())));
        return line.toString();
    }

    private String jsonLine(Instant at, ServiceJson.Database db, ServiceJson.Database previous,
            List<ServiceJson.Alert> alerts) {
        ObjectNode line = ServiceClient.JSON.createObjectNode().put("at", at.toString()).put("answered", true)
                .put("database", db.status()).put("failure", db.failure());
        line.putObject("pool").put("active", db.active()).put("idle", db.idle()).put("awaiting", db.awaiting())
                .put("maxSize", db.maxSize()).put("utilisation", db.utilisation())
                .put("acquisitionTimeouts", db.acquisitionTimeouts()).put("invalid", db.invalid())
                .put("leakDetections", db.leaks());
        if (previous == null) {
            line.putNull("poolDelta");
        } else {
            line.putObject("poolDelta")
                    .put("acquisitionTimeouts", delta(db.acquisitionTimeouts(), previous.acquisitionTimeouts()))
                    .put("invalid", delta(db.invalid(), previous.invalid()))
                    .put("leakDetections", delta(db.leaks(), previous.leaks()));
        }
        ServiceJson.Server server = db.server();
        line.putObject("server").put("status", server.status()).put("failure", server.failure())
                .put("ours", server.ours()).put("totalConnections", server.total())
                .put("maxConnections", server.maxConnections())
                .put("oldestTransactionAge", server.oldestTransactionSeconds());
        alerts.forEach(alert -> line.withArray("alerts").add(alert.rule()));
        if (alerts.isEmpty()) {
            line.putArray("alerts");
        }
        return line.toString();
    }

    private String used(Double utilisation) {
        String text = Text.percent(utilisation);
        if (utilisation == null || utilisation < 0.8) {
            return text;
        }
        return utilisation >= 1 ? terminal.red(text) : terminal.yellow(text);
    }

    private String flag(Long value, String text) {
        return value != null && value > 0 ? terminal.yellow(text) : text;
    }

    /** {@code name+N} since the previous line; the first line shows the total, {@code name=N}. */
    private String counter(String name, Long now, Long before) {
        if (before == null) {
            return name + "=" + Text.of(now);
        }
        Long delta = delta(now, before);
        String text = name + "+" + Text.of(delta);
        return delta != null && delta > 0 ? terminal.yellow(text) : text;
    }

    /** A drop (the pool was flushed or the service restarted) counts from zero again. */
    private static Long delta(Long now, Long before) {
        if (now == null || before == null) {
            return null;
        }
        return now >= before ? now - before : now;
    }

    private static String time(Instant at) {
        return LocalTime.ofInstant(at, ZoneId.systemDefault()).format(TIME);
    }

    /** What Ctrl-C prints: how many samples, how many missed, the worst the pool got, the alerts seen. */
    private final class Summary {
        final Instant started;
        long samples;
        long missed;
        ServiceJson.Database first;
        ServiceJson.Database last;
        long maxActive;
        Long maxSize;
        final Set<String> alertsSeen = new LinkedHashSet<>();

        Summary(Instant started) {
            this.started = started;
        }

        void add(ServiceJson.Database db, List<ServiceJson.Alert> alerts) {
            samples++;
            first = first == null ? db : first;
            last = db;
            maxActive = Math.max(maxActive, db.active() == null ? 0 : db.active());
            maxSize = db.maxSize();
            alerts.forEach(alert -> alertsSeen.add(alert.rule()));
        }

        String line(String where) {
            StringBuilder line = new StringBuilder("--- ").append(where).append(" monitor: ").append(samples)
                    .append(samples == 1 ? " sample" : " samples").append(", ").append(missed)
                    .append(" without answer, over ").append(Text.duration(Duration.between(started, Instant.now())
                            .withNanos(0)));
            if (first != null) {
                line.append("; pool active max ").append(maxActive).append('/').append(Text.of(maxSize))
                        .append(", acquisition timeouts +")
                        .append(Text.of(delta(last.acquisitionTimeouts(), first.acquisitionTimeouts())))
                        .append(", invalid +").append(Text.of(delta(last.invalid(), first.invalid())))
                        .append(", leaks +").append(Text.of(delta(last.leaks(), first.leaks())));
            }
            line.append("; alerts seen: ").append(alertsSeen.isEmpty() ? "none" : String.join(", ", alertsSeen));
            return line.toString();
        }
    }
}
