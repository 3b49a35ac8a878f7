package io.poolguard.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one exit-code table of every command, in the vocabulary of {@code pg_isready} and {@code pgbench}: scripts and
 * init containers branch on it, {@code --help} and {@code docs/cli.md} print it.
 */
public enum ExitCode {
    /** The run was stable, the service or database is ready, samples were taken. */
    OK(0, "ok: run stable, ready, samples taken"),
    /** The service (or database) answered, but the answer is not ok: unstable or cancelled run, not ready. */
    NOT_OK(1, "answered but not ok: unstable or cancelled run, not ready"),
    /** Bad usage or input: the flag at fault, or the service's problem detail, in one line. */
    USAGE(2, "bad usage or input: a wrong flag or value (the service's problem detail is printed)"),
    /** No answer: the service or the database is unreachable, or the service refused the API key. */
    NO_ANSWER(3, "no answer: service or database unreachable, or the API key refused");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    /** The table as picocli prints it under "Exit codes:" in every command's help. */
    static Map<String, String> helpTable() {
        Map<String, String> table = new LinkedHashMap<>();
        for (ExitCode exit : values()) {
            table.put(Integer.toString(exit.code), exit.meaning);
        }
        return table;
    }
}
