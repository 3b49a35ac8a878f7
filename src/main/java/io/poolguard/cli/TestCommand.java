package io.poolguard.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code test} (the note's {@code --mode test}): starts a stability run on the service, prints its progress from
 * the run's event stream (at most a line a second) and a summary in the spirit of pgbench's. Ctrl-C cancels the run
 * on the service, which hands every connection back, and prints what the run got.
 */
@Command(name = "test", sortOptions = false,
        description = { "Run a stability test on the service: --test-count operations, --burst at a time, pausing"
                + " --test-interval between bursts, through the pool (pooled), around it (fresh) or holding"
                + " connections (hold).", "Prints progress, then a summary and the verdict. Ctrl-C cancels the run"
                        + " on the service." })
final class TestCommand implements Callable<Integer> {

    /** How each operation uses connections; {@code --mode} is the note's command selector, hence another name. */
    enum ConnectionMode {
        pooled, fresh, hold
    }

    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(1);
    /** The fields of a stability-run request and the flags that set them. */
    private static final Map<String, String> FLAGS = Map.of(
            "count", "--test-count",
            "interval", "--test-interval",
            "burst", "--burst",
            "mode", "--connection-mode",
            "hold", "--hold",
            "timeout", "--timeout");

    @Option(names = "--test-count", paramLabel = "N", defaultValue = "100",
            description = "Operations in total (default: ${DEFAULT-VALUE}).")
    long count;

    @Option(names = "--test-interval", paramLabel = "TIME", defaultValue = "1", converter = DurationConverter.class,
            description = "Pause between bursts: seconds (1, 0.5), 500ms, 0 for back to back"
                    + " (default: ${DEFAULT-VALUE} s).")
    Duration interval;

    @Option(names = "--burst", paramLabel = "N", defaultValue = "1",
            description = "Operations started together per tick (default: ${DEFAULT-VALUE}).")
    int burst;

    @Option(names = "--connection-mode", paramLabel = "pooled|fresh|hold", defaultValue = "pooled",
            description = "pooled: borrow, SELECT 1, hand back; fresh: a new connection each time, bypassing the pool"
                    + " (like pgbench -C); hold: borrow and keep it for --hold (default: ${DEFAULT-VALUE}).")
    ConnectionMode connectionMode;

    @Option(names = "--hold", paramLabel = "TIME", converter = DurationConverter.class,
            description = "How long each hold-mode operation keeps its connection (hold mode only).")
    Duration hold;

    @Option(names = "--timeout", paramLabel = "TIME", converter = DurationConverter.class,
            description = "Bound on each operation; a slower one counts as timed_out (default: none).")
    Duration timeout;

    @Option(names = "--json", description = "Print only the final run object, as JSON.")
    boolean json;

    @Mixin
    ServiceOptions service = new ServiceOptions();

    @Mixin
    HelpOption help = new HelpOption();

    @Spec
    CommandSpec spec;

    private final Terminal terminal;

    TestCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    /** The request body of {@code POST /api/v1/hc/stability-tests}, durations as ISO-8601. */
    ObjectNode request() {
        ObjectNode body = ServiceClient.JSON.createObjectNode().put("count", count)
                .put("interval", interval.toString()).put("burst", burst).put("mode", connectionMode.name());
        if (hold != null) {
            body.put("hold", hold.toString());
        }
        if (timeout != null) {
            body.put("timeout", timeout.toString());
        }
        return body;
    }

    @Override
    public Integer call() {
        validate();
        ServiceClient client = service.client(terminal);
        CtrlC ctrlC = CtrlC.listen();
        JsonNode started = client.post(ServiceJson.RUNS, request(), FLAGS, Set.of(202)).body();
        String id = ServiceJson.Run.of(started).id();
        String path = ServiceJson.RUNS + "/" + id;
        if (!json) {
            terminal.line("run " + id + ": " + count + " " + connectionMode + " operations, burst " + burst
                    + ", every " + Text.duration(interval) + " on " + client.where() + " (Ctrl-C cancels)");
        }
        JsonNode last = follow(client, path, ctrlC);
        boolean cancelled = last == null;
        if (cancelled) {
            last = cancel(client, path);
        }
        ServiceJson.Run run = ServiceJson.Run.of(last);
        if (json) {
            terminal.line(last.toString());
        } else {
            summary(run, cancelled);
        }
        return Boolean.TRUE.equals(run.stable()) && "completed".equals(run.state()) ? ExitCode.OK.code()
                : ExitCode.NOT_OK.code();
    }

    private void validate() {
        if (count < 1) {
            throw new ParameterException(spec.commandLine(), "--test-count must be >= 1");
        }
        if (burst < 1) {
            throw new ParameterException(spec.commandLine(), "--burst must be >= 1");
        }
        if (connectionMode == ConnectionMode.hold && hold == null) {
            throw new ParameterException(spec.commandLine(), "--connection-mode hold needs --hold (e.g. --hold 5s)");
        }
        if (connectionMode != ConnectionMode.hold && hold != null) {
            throw new ParameterException(spec.commandLine(), "--hold applies to --connection-mode hold only");
        }
        if (timeout != null && timeout.isZero()) {
            throw new ParameterException(spec.commandLine(), "--timeout must be > 0");
        }
    }

    /**
     * Follows the run's events on a reader thread until its result; prints progress at most once a second. Returns
     * the final view, or null when Ctrl-C came first.
     */
    private JsonNode follow(ServiceClient client, String path, CtrlC ctrlC) {
        LinkedBlockingQueue<ServiceClient.Event> events = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try {
                client.events(path + "/events", events::add);
            } catch (CliFailure e) {
                // the stream is a convenience: the loop below reads the run itself when it stops
            }
            events.add(new ServiceClient.Event("end", null));
        }, "poolguard-events");
        reader.setDaemon(true);
        reader.start();
        long lastPrinted = System.nanoTime() - PROGRESS_EVERY.toNanos();
        while (true) {
            if (ctrlC.pressed()) {
                return null;
            }
            ServiceClient.Event event;
            try {
                event = events.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            if (event == null) {
                continue;
            }
            if ("result".equals(event.name())) {
                return event.data();
            }
            if ("end".equals(event.name())) {
                return awaitFinished(client, path, ctrlC);
            }
            if ("progress".equals(event.name()) && !json
                    && System.nanoTime() - lastPrinted >= PROGRESS_EVERY.toNanos()) {
                lastPrinted = System.nanoTime();
                terminal.line(progress(ServiceJson.Run.of(event.data())));
            }
        }
    }

    /** The event stream ended without a result (a proxy cut it): poll the run until it finishes. */
    private JsonNode awaitFinished(ServiceClient client, String path, CtrlC ctrlC) {
        while (true) {
            JsonNode run = client.get(path, Set.of(200)).body();
            if (ServiceJson.Run.of(run).finished()) {
                return run;
            }
            if (ctrlC.await(PROGRESS_EVERY)) {
                return null;
            }
        }
    }

    /** Cancels the run; the service answers once every connection is back (202 while it is still stopping). */
    private JsonNode cancel(ServiceClient client, String path) {
        if (!json) {
            terminal.line("cancelling the run on the service...");
        }
        ServiceClient.Answer answer = client.delete(path, Set.of(200, 202));
        JsonNode run = answer.body();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!ServiceJson.Run.of(run).finished() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            run = client.get(path, Set.of(200)).body();
        }
        return run;
    }

    private String progress(ServiceJson.Run run) {
        return String.format(Locale.ROOT, "%7.1f s  %d/%d  %s ops/s  failures %s  p50 %s  p99 %s",
                run.elapsedSeconds(), run.done(), run.total(), Text.decimal(run.throughput()), failures(run),
                Text.millis(run.latency().p50()), Text.millis(run.latency().p99()));
    }

    private String failures(ServiceJson.Run run) {
        long failed = run.failed();
        if (failed == 0) {
            return "0";
        }
        return terminal.red(failed + " (" + run.failures().stream().filter(f -> f.count() > 0)
                .map(f -> f.failureClass() + " " + f.count()).collect(Collectors.joining(", ")) + ")");
    }

    /** The pgbench-style block: what ran, what failed, how fast, the pool over the run, the verdict. */
    private void summary(ServiceJson.Run run, boolean cancelled) {
        long done = run.done();
        long failed = run.failed();
        terminal.line("run " + run.id() + ": " + run.state() + (cancelled ? " (Ctrl-C)" : ""));
        terminal.line("connection mode: " + Text.of(run.mode()));
        terminal.line(String.format(Locale.ROOT, "operations: %d of %d done, %d failed (%.3f%%)", done, run.total(),
                failed, done == 0 ? 0.0 : 100.0 * failed / done));
        terminal.line("failures by class: " + (failed == 0 ? "none" : failures(run)));
        terminal.line(String.format(Locale.ROOT, "duration: %.1f s", run.elapsedSeconds()));
        terminal.line("throughput: " + Text.decimal(run.throughput()) + " ops/s");
        ServiceJson.Latency l = run.latency();
        terminal.line("latency: p50 " + Text.millis(l.p50()) + ", p90 " + Text.millis(l.p90()) + ", p99 "
                + Text.millis(l.p99()) + ", p99.9 " + Text.millis(l.p999()) + ", max " + Text.millis(l.max()));
        terminal.line("pool over the run: " + poolCounters(run.pool()));
        if (run.error() != null) {
            terminal.line("error: " + run.error());
        }
        if (run.stable() == null) {
            terminal.line("verdict: none (" + run.state() + ")");
        } else {
            String verdict = run.stable() ? terminal.green("stable") : terminal.red("unstable");
            terminal.line("verdict: " + verdict + (run.reason() == null ? "" : " (" + run.reason() + ")")
                    + (cancelled ? ", cancelled before the end" : ""));
        }
    }

    private static String poolCounters(JsonNode pool) {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, JsonNode> counter : pool.properties()) {
            text.append(text.isEmpty() ? "" : ", ").append(counter.getKey()).append(" +")
                    .append(counter.getValue().asText());
        }
        return text.isEmpty() ? "?" : text.toString();
    }
}
