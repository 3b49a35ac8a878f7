package io.poolguard.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

/**
 * {@code serve}, listed so that {@code --help} shows it. The entry point ({@code io.poolguard.PoolGuardMain}) starts
 * the service before the command line is parsed, so this runs only when {@code serve} comes after other options.
 */
@Command(name = "serve", description = "Run the service (the default: also with no arguments, or only -D/-X"
        + " options as the Dockerfiles pass them). Port 8000, probes under /api/v1/hc.")
final class ServeCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        throw new CliFailure(ExitCode.USAGE, "'serve' takes no command options: run 'poolguard serve' (or"
                + " 'poolguard' alone), with -D/-X options before it if needed");
    }
}
