package io.poolguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** The command line as parsed, in process: the tuning note's lines, the exit-code table, refusals of bad input. */
class CommandLineParsingTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final CommandLine cli = newCommandLine();

    private CommandLine newCommandLine() {
        return PoolGuardCli.commandLine(
                new Terminal(Map.of(), new PrintWriter(out, true), new PrintWriter(err, true), false));
    }

    @Test
    void theNotesMonitorLineSelectsMonitorWithItsInterval() {
        MonitorCommand monitor = (MonitorCommand) noteCommand("--mode", "monitor", "--interval", "30");

        assertThat(monitor.interval()).as("--interval 30 is 30 seconds").isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void theNotesTestLinesSelectTestWithTheirCountAndInterval() {
        TestCommand test = (TestCommand) noteCommand("--mode", "test", "--test-count", "100", "--test-interval", "1");
        assertThat(test.request().toString()).as("the run asked of the service")
                .isEqualTo("{\"count\":100,\"interval\":\"PT1S\",\"burst\":1,\"mode\":\"pooled\"}");

        TestCommand longer = (TestCommand) noteCommand("--mode", "test", "--test-count", "1000", "--test-interval",
                "0.5");
        assertThat(longer.request().path("count").asLong()).isEqualTo(1000);
        assertThat(longer.request().path("interval").asText()).isEqualTo("PT0.5S");
    }

    @Test
    void theModeSelectorMayComeAfterTheCommandsOptions() {
        TestCommand test = (TestCommand) noteCommand("--test-count", "7", "--mode", "test");

        assertThat(test.request().path("count").asLong()).isEqualTo(7);
    }

    @Test
    void holdModeSendsItsHoldAndTimeoutAsIsoDurations() {
        ParseResult parsed = cli.parseArgs("test", "--connection-mode", "hold", "--hold", "2s", "--timeout", "500ms",
                "--burst", "3");
        TestCommand test = (TestCommand) parsed.subcommand().commandSpec().userObject();

        assertThat(test.request().toString()).isEqualTo("{\"count\":100,\"interval\":\"PT1S\",\"burst\":3,"
                + "\"mode\":\"hold\",\"hold\":\"PT2S\",\"timeout\":\"PT0.5S\"}");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "test --test-count 0                    | --test-count",
            "test --test-count x                    | --test-count",
            "test --test-interval -1                | --test-interval",
            "monitor --interval -1                  | --interval",
            "monitor --interval 10parsecs           | --interval",
            "monitor --interval 50ms                | --interval",
            "monitor --count 0                      | --count",
            "test --connection-mode bogus           | --connection-mode",
            "pool flush                             | --mode",
            "pool resize                            | --max",
            "pool resize --max x                    | --max",
            "pool resize --acquisition-timeout soon | --acquisition-timeout",
            "test --connection-mode hold            | --hold",
            "test --hold 1s                         | --hold",
            "--mode bogus                           | --mode",
            "--mode                                 | --mode",
            "monitor --bogus                        | --bogus",
            "--bogus                                | --bogus",
            "check --wait soon                      | --wait",
            "monitor --url ftp://example.org --count 1 | --url" })
    void badFlagsAndValuesExitTwoWithOneLineNamingTheFlag(String args, String flag) {
        int exit = cli.execute(args.trim().split("\\s+"));

        assertThat(exit).as("exit code for '%s' (stderr: %s)", args, err).isEqualTo(2);
        assertThat(err.toString()).as("names the flag at fault").contains(flag);
        assertThat(err.toString().strip().lines().count()).as("one line: %s", err).isEqualTo(1);
        assertThat(out.toString()).as("no usage dump on stdout").isEmpty();
    }

    @Test
    void everyCommandsHelpPrintsTheOneExitCodeTable() {
        for (String command : new String[] { "monitor", "test", "check", "status" }) {
            out.getBuffer().setLength(0);
            assertThat(cli.execute(command, "--help")).isZero();
            assertThat(out.toString()).as("%s --help", command).contains("Exit codes:")
                    .contains("0   ok").contains("1   answered but not ok").contains("2   bad usage or input")
                    .contains("3   no answer");
        }
        out.getBuffer().setLength(0);
        assertThat(cli.execute("--help")).isZero();
        assertThat(out.toString()).contains("poolguard --mode monitor --interval 30")
                .contains("poolguard --mode test --test-count 100 --test-interval 1").contains("Exit codes:");
        out.getBuffer().setLength(0);
        assertThat(newCommandLine().execute("--mode", "test", "--help")).isZero();
        assertThat(out.toString()).as("--mode test --help is test's help").contains("--test-count")
                .contains("Exit codes:");
    }

    @Test
    void noColourWithoutATerminalOrWithNoColorSet() {
        assertThat(Terminal.colourWanted(Map.of("NO_COLOR", "1"))).isFalse();
        assertThat(Terminal.colourWanted(Map.of("TERM", "dumb"))).isFalse();
        assertThat(Terminal.colourWanted(Map.of("TERM", "xterm-256color"))).isTrue();
        cli.execute("--help");
        assertThat(out.toString()).as("help without a terminal has no escape codes").doesNotContain("\u001b[");
    }

    @ParameterizedTest
    @CsvSource({ "30, PT30S", "0.5, PT0.5S", "500ms, PT0.5S", "10s, PT10S", "1m, PT1M", "1h, PT1H", "PT2S, PT2S",
            "0, PT0S" })
    void timesReadAsTheNotesSecondsOrWithAUnit(String text, String expected) {
        assertThat(DurationConverter.parse(text)).isEqualTo(Duration.parse(expected));
    }

    /** Parses as one process does: once, on a command line of its own. */
    private Object noteCommand(String... args) {
        CommandLine cli = newCommandLine();
        ParseResult root = cli.parseArgs(args);
        PoolGuardCli selector = (PoolGuardCli) root.commandSpec().userObject();
        assertThat(selector.mode).as("--mode parsed").isNotNull();
        CommandLine command = cli.getSubcommands().get(selector.mode.name());
        return command.parseArgs(selector.commandOptions.toArray(String[]::new)).commandSpec().userObject();
    }
}
