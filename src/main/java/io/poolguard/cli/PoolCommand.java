package io.poolguard.cli;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code pool}: the service's runtime pool control (API key): {@code pool flush --mode graceful},
 * {@code pool resize --max 40}. Not persisted: a restart of the service returns to its configuration.
 */
@Command(name = "pool", sortOptions = false,
        description = "Runtime pool control (needs the API key): flush or resize the service's pool.")
final class PoolCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help = new HelpOption();

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "give a command: flush or resize");
    }

    /** {@code pool flush --mode graceful}. */
    @Command(name = "flush", sortOptions = false,
            description = "Flush the pool in one of Agroal's modes; graceful is pgbouncer's RECONNECT.")
    static final class Flush implements Callable<Integer> {

        @Option(names = "--mode", required = true, paramLabel = "MODE",
                description = "all, graceful (replace each connection as it comes back), idle, invalid, leak, fill.")
        String mode;

        @Option(names = "--json", description = "The service's answer as one JSON object.")
        boolean json;

        @Mixin
        ServiceOptions service = new ServiceOptions();

        @Mixin
        HelpOption help = new HelpOption();

        private final Terminal terminal;

        Flush(Terminal terminal) {
            this.terminal = terminal;
        }

        @Override
        public Integer call() {
            ObjectNode body = ServiceClient.JSON.createObjectNode().put("mode", mode);
            JsonNode result = service.client(terminal)
                    .post(ServiceJson.POOL_FLUSH, body, Map.of("mode", "--mode"), Set.of(200)).body();
            if (json) {
                terminal.line(result.toString());
            } else {
                terminal.line("flush " + result.path("mode").asText() + ": closed " + result.path("closed").asLong()
                        + ", opened " + result.path("opened").asLong()
                        + ("graceful".equals(result.path("mode").asText())
                                ? ", " + result.path("draining").asLong() + " draining" : "")
                        + (result.path("settled").asBoolean(true) ? "" : " (still changing)")
                        + "; pool now active " + result.path("after").path("active").asLong() + " idle "
                        + result.path("after").path("idle").asLong());
            }
            return ExitCode.OK.code();
        }
    }

    /** {@code pool resize --max 40 [--min 10] [--acquisition-timeout 5s] [--force]}. */
    @Command(name = "resize", sortOptions = false,
            description = "Change max-size, min-size or the acquisition timeout at once (not persisted).")
    static final class Resize implements Callable<Integer> {

        /** The fields of a resize request and the flags that set them. */
        private static final Map<String, String> FLAGS = Map.of("maxSize", "--max", "minSize", "--min",
                "acquisitionTimeout", "--acquisition-timeout", "force", "--force");

        @Option(names = "--max", paramLabel = "N", description = "Most connections open at once.")
        Integer max;

        @Option(names = "--min", paramLabel = "N", description = "Connections kept open when idle.")
        Integer min;

        @Option(names = "--acquisition-timeout", paramLabel = "TIME", converter = DurationConverter.class,
                description = "How long a borrower waits: seconds (5) or with a unit (500ms, 10s).")
        Duration acquisitionTimeout;

        @Option(names = "--force", description = "Apply a max-size over the connection budget anyway.")
        boolean force;

        @Option(names = "--json", description = "The service's answer as one JSON object.")
        boolean json;

        @Mixin
        ServiceOptions service = new ServiceOptions();

        @Mixin
        HelpOption help = new HelpOption();

        @Spec
        CommandSpec spec;

        private final Terminal terminal;

        Resize(Terminal terminal) {
            this.terminal = terminal;
        }

        @Override
        public Integer call() {
            if (max == null && min == null && acquisitionTimeout == null) {
                throw new ParameterException(spec.commandLine(), "give --max, --min or --acquisition-timeout");
            }
            ObjectNode body = ServiceClient.JSON.createObjectNode();
            if (max != null) {
                body.put("maxSize", max);
            }
            if (min != null) {
                body.put("minSize", min);
            }
            if (acquisitionTimeout != null) {
                body.put("acquisitionTimeout", acquisitionTimeout.toString());
            }
            if (force) {
                body.put("force", true);
            }
            JsonNode result = service.client(terminal).patch(ServiceJson.POOL, body, FLAGS, Set.of(200)).body();
            if (json) {
                terminal.line(result.toString());
            } else {
                JsonNode effective = result.path("effective");
                terminal.line("resize: " + result.path("action").path("outcome").asText() + "; now max "
                        + effective.path("maxSize").asInt() + " min " + effective.path("minSize").asInt()
                        + " acquisition-timeout " + effective.path("acquisitionTimeout").asText() + "s ("
                        + result.path("budget").path("verdict").asText() + ")");
            }
            return ExitCode.OK.code();
        }
    }
}
