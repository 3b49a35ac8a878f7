package io.poolguard.cli;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code check}: pg_isready for PoolGuard. By default it asks the service's readiness probe; with {@code --direct} it
 * validates the database itself from the service's own settings, with no service running (an init container that
 * waits for the database, or an engineer while the service is down). One line, or none with {@code -q}.
 */
@Command(name = "check", sortOptions = false,
        description = { "Is it ready? Asks the service's readiness (/api/v1/hc/health/ready), or with --direct the"
                + " database itself, using the service's settings (QUARKUS_DATASOURCE_*, POOLGUARD_POOL_*).",
                "One line with the reason, like pg_isready." })
final class CheckCommand implements Callable<Integer> {

    private static final Duration RETRY_EVERY = Duration.ofSeconds(1);

    @Option(names = "--direct", description = "Validate the database directly, without the service.")
    boolean direct;

    @Option(names = "--wait", paramLabel = "TIME", defaultValue = "0", converter = DurationConverter.class,
            description = "Retry until ready or this time is up: 60s, 2m (default: one attempt).")
    Duration wait;

    @Option(names = { "-q", "--quiet" }, description = "Print nothing; the exit code says it.")
    boolean quiet;

    @Mixin
    ServiceOptions service = new ServiceOptions();

    @Mixin
    HelpOption help = new HelpOption();

    private final Terminal terminal;

    CheckCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    /** One attempt's outcome: its exit code and its line. */
    record Outcome(ExitCode exit, String line) {
    }

    @Override
    public Integer call() {
        CtrlC ctrlC = CtrlC.listen();
        long deadline = System.nanoTime() + wait.toNanos();
        DirectCheck directCheck = direct ? DirectCheck.fromServiceSettings() : null;
        ServiceClient client = direct ? null : service.client(terminal);
        Outcome outcome;
        while (true) {
            outcome = direct ? directCheck.check() : viaService(client);
            if (outcome.exit() == ExitCode.OK || outcome.exit() == ExitCode.USAGE
                    || System.nanoTime() + RETRY_EVERY.toNanos() > deadline || ctrlC.await(RETRY_EVERY)) {
                break;
            }
        }
        if (!quiet) {
            if (outcome.exit() == ExitCode.OK) {
                terminal.line(outcome.line());
            } else {
                terminal.line(terminal.colour() ? terminal.red(outcome.line()) : outcome.line());
            }
        }
        return outcome.exit().code();
    }

    private static Outcome viaService(ServiceClient client) {
        try {
            ServiceClient.Answer answer = client.get(ServiceJson.READY, Set.of(200, 503));
            ServiceJson.Readiness ready = ServiceJson.Readiness.of(answer.body());
            if (ready.up()) {
                return new Outcome(ExitCode.OK, client.where() + " - ready");
            }
            return new Outcome(ExitCode.NOT_OK, client.where() + " - not ready: "
                    + (ready.failure() == null ? "" : ready.failure() + ": ") + Text.of(ready.reason()));
        } catch (CliFailure failure) {
            return new Outcome(failure.exit(), failure.getMessage());
        }
    }
}
