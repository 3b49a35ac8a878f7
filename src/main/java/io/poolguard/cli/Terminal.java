package io.poolguard.cli;

import java.io.Console;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.util.Map;

/**
 * Where a command writes, and whether it may colour what it writes: only when standard output is a terminal,
 * {@code NO_COLOR} is unset (no-color.org) and {@code TERM} is not {@code dumb}. Pipes, files and scripts get plain
 * text.
 */
final class Terminal {

    private static final String RESET = "\u001b[0m";

    private final Map<String, String> env;
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean colour;

    Terminal(Map<String, String> env, PrintWriter out, PrintWriter err, boolean colour) {
        this.env = env;
        this.out = out;
        this.err = err;
        this.colour = colour;
    }

    /** The process's own streams and environment. */
    static Terminal system() {
        Map<String, String> env = System.getenv();
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        return new Terminal(env, out, err, colourWanted(env) && stdoutIsTerminal());
    }

    static boolean colourWanted(Map<String, String> env) {
        String noColor = env.get("NO_COLOR");
        return (noColor == null || noColor.isEmpty()) && !"dumb".equals(env.get("TERM"));
    }

    /**
     * Before JDK 22 {@link System#console()} is null unless both standard streams are a terminal; from JDK 22 it is
     * there even when they are redirected, and {@code Console.isTerminal()} (looked up reflectively: this compiles
     * for 17) tells.
     */
    private static boolean stdoutIsTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return Runtime.version().feature() < 22;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    String env(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value;
    }

    PrintWriter out() {
        return out;
    }

    PrintWriter err() {
        return err;
    }

    boolean colour() {
        return colour;
    }

    synchronized void line(String text) {
        out.println(text);
        out.flush();
    }

    synchronized void error(String text) {
        err.println(text);
        err.flush();
    }

    String red(String text) {
        return paint("31", text);
    }

    String yellow(String text) {
        return paint("33", text);
    }

    String green(String text) {
        return paint("32", text);
    }

    String bold(String text) {
        return paint("1", text);
    }

    private String paint(String code, String text) {
        return colour ? "\u001b[" + code + "m" + text + RESET : text;
    }
}
