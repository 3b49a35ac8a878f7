package io.poolguard.cli;

/**
 * Ends a command with an exit code and one line for the operator: never a stack trace. The message must be safe to
 * print (no key, no password).
 */
final class CliFailure extends RuntimeException {

    private final ExitCode exit;

    CliFailure(ExitCode exit, String message) {
        super(message, null, false, false);
        this.exit = exit;
    }

    ExitCode exit() {
        return exit;
    }
}
