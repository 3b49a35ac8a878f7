package io.poolguard.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code poolguard}: the commands beside the service, parsed by picocli. Besides the command names it takes the
 * tuning note's {@code --mode monitor|test} selector, so the note's lines work as written with {@code poolguard} in
 * place of the script; the options after it belong to that command.
 */
@Command(name = "poolguard", sortOptions = false,
        description = {
                "PoolGuard: the service and its command line, in one executable.",
                "The tuning note's lines work as written:",
                "  poolguard --mode monitor --interval 30",
                "  poolguard --mode test --test-count 100 --test-interval 1",
                "Without a command (or with only -D/-X options) it runs the service, as 'serve' does." },
        commandListHeading = "%nCommands:%n",
        footer = { "", "Run 'poolguard <command> --help' for a command's options. Environment: POOLGUARD_URL,"
                + " POOLGUARD_API_KEY, NO_COLOR; check --direct reads QUARKUS_DATASOURCE_* and POOLGUARD_POOL_*." })
public final class PoolGuardCli implements Callable<Integer> {

    /** The note's {@code --mode} values: each is also a command. */
    enum NoteMode {
        monitor, test
    }

    @Option(names = "--mode", paramLabel = "monitor|test",
            description = "The tuning note's command selector: '--mode monitor' is 'monitor', '--mode test' is"
                    + " 'test'; the options that follow are that command's.")
    NoteMode mode;

    /** Not picocli's usage-help flag: after {@code --mode test} it is the test command's {@code --help}. */
    @Option(names = { "-h", "--help" }, description = "Show this help and exit.")
    boolean help;

    @Unmatched
    List<String> commandOptions = new ArrayList<>();

    @Spec
    CommandSpec spec;

    /** Runs a command with the process's own streams and environment; returns its exit code. */
    public static int run(String... args) {
        return commandLine(Terminal.system()).execute(args);
    }

    static CommandLine commandLine(Terminal terminal) {
        CommandLine root = new CommandLine(new PoolGuardCli());
        root.addSubcommand(new ServeCommand());
        root.addSubcommand(new MonitorCommand(terminal));
        root.addSubcommand(new TestCommand(terminal));
        root.addSubcommand(new CheckCommand(terminal));
        root.addSubcommand(new StatusCommand(terminal));
        root.addSubcommand(new CommandLine(new PoolCommand())
                .addSubcommand(new PoolCommand.Flush(terminal))
                .addSubcommand(new PoolCommand.Resize(terminal)));
        // "--mode test": the value is also a command's name
        root.setAllowSubcommandsAsOptionParameters(true);
        root.setOut(terminal.out());
        root.setErr(terminal.err());
        root.setColorScheme(CommandLine.Help.defaultColorScheme(terminal.colour() ? Ansi.ON : Ansi.OFF));
        root.setParameterExceptionHandler((e, args) -> {
            terminal.error(e.getCommandLine().getCommandName() + ": " + e.getMessage() + " (see '"
                    + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            return ExitCode.USAGE.code();
        });
        root.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            String name = commandLine.getCommandName();
            if (e instanceof CliFailure failure) {
                terminal.error(name + ": " + failure.getMessage());
                return failure.exit().code();
            }
            if (e instanceof ParameterException usage) {
                terminal.error(name + ": " + usage.getMessage());
                return ExitCode.USAGE.code();
            }
            terminal.error(name + ": internal error (" + e.getClass().getSimpleName() + "): " + e.getMessage());
            return ExitCode.NOT_OK.code();
        });
        for (CommandLine command : all(root)) {
            command.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n")
                    .exitCodeList(ExitCode.helpTable());
        }
        return root;
    }

    private static List<CommandLine> all(CommandLine root) {
        List<CommandLine> all = new ArrayList<>(List.of(root));
        all.addAll(root.getSubcommands().values());
        return all;
    }

    @Override
    public Integer call() {
        if (mode != null && help) {
            commandOptions.add("--help");
        }
        if (mode == null) {
            if (help) {
                spec.commandLine().usage(spec.commandLine().getOut());
                return ExitCode.OK.code();
            }
            if (!commandOptions.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "Unknown command or option: '"
                        + commandOptions.get(0) + "'");
            }
            spec.commandLine().usage(spec.commandLine().getOut());
            return ExitCode.USAGE.code();
        }
        return spec.commandLine().getSubcommands().get(mode.name()).execute(commandOptions.toArray(String[]::new));
    }
}
