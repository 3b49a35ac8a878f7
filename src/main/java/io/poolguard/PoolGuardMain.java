package io.poolguard;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.poolguard.cli.PoolGuardCli;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The one entry point of the jar and the native executable. It decides, before anything starts, whether this process
 * is the service or a command: {@code serve}, no command at all, or only JVM-style options ({@code -D...},
 * {@code -X...}, as the Dockerfiles pass them) start Quarkus exactly as before; any other argument goes to the
 * command line ({@link PoolGuardCli}), which never boots Quarkus, so a command opens no pool, binds no port and
 * prints {@code --help} at once.
 */
@QuarkusMain
public class PoolGuardMain {

    static final String SERVE = "serve";

    public static void main(String... args) {
        List<String> serviceArgs = serviceArguments(args);
        if (serviceArgs != null) {
            Quarkus.run(serviceArgs.toArray(String[]::new));
            return;
        }
        System.exit(PoolGuardCli.run(commandArguments(args)));
    }

    /**
     * The arguments to start the service with, or null when the arguments name a command. Leading JVM-style options
     * are kept as they were given (a native executable has already applied them; the JVM ignores them), and so is
     * everything after {@code serve}.
     */
    static List<String> serviceArguments(String... args) {
        int first = firstCommandWord(args);
        if (first == args.length) {
            return Arrays.asList(args);
        }
        if (!args[first].equals(SERVE)) {
            return null;
        }
        List<String> kept = new ArrayList<>(Arrays.asList(args));
        kept.remove(first);
        return kept;
    }

    /**
     * A command's arguments without the leading JVM-style options. {@code -Dname=value} becomes a system property,
     * as a native executable does with it, so that {@code check --direct} sees the same settings either way.
     */
    static String[] commandArguments(String... args) {
        int first = firstCommandWord(args);
        for (int i = 0; i < first; i++) {
            if (args[i].startsWith("-D") && args[i].length() > 2) {
                String property = args[i].substring(2);
                int eq = property.indexOf('=');
                System.setProperty(eq < 0 ? property : property.substring(0, eq),
                        eq < 0 ? "" : property.substring(eq + 1));
            }
        }
        return Arrays.copyOfRange(args, first, args.length);
    }

    private static int firstCommandWord(String... args) {
        int i = 0;
        while (i < args.length && isJvmOption(args[i])) {
            i++;
        }
        return i;
    }

    private static boolean isJvmOption(String arg) {
        return arg.startsWith("-D") || arg.startsWith("-X");
    }
}
