package io.poolguard.cli;

import picocli.CommandLine.Option;

/** {@code -h}/{@code --help} on every command; the help ends with the shared exit-code table. */
final class HelpOption {

    @Option(names = { "-h", "--help" }, usageHelp = true, description = "Show this help and exit.")
    boolean help;
}
