package io.poolguard.pool;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.postgresql.Driver;
import org.postgresql.PGProperty;

/**
 * A JDBC URL with every secret removed, safe for a log line or a response. It is rebuilt from what pgjdbc itself
 * parses ({@link Driver#parseURL}), never edited as text: a regex over the text disagrees with the driver about where
 * a value ends ({@code password=Semi;Secret} is one value to pgjdbc, which splits only on {@code &} and
 * percent-decodes), and whatever the two disagree on leaks. Shown: hosts, ports, database, and the driver
 * properties with their values, sorted by name. Masked ({@code ***}): the secret properties' values, and a host or
 * database name that looks like it carries credentials ({@code user:pw@host}, which pgjdbc takes as a host name,
 * or {@code db;password=x}). Left out: parameters pgjdbc does not know, which it ignores (a misspelt
 * {@code Password=} is still a password, and {@code password=a&b} leaves {@code b} as a parameter name). A URL
 * pgjdbc cannot parse is not shown at all.
 */
public final class RedactedJdbcUrl {

    static final String MASK = "***";
    static final String UNPARSEABLE = "(hidden: not a URL pgjdbc can parse)";

    /** Properties whose value is a secret or may carry one (a key's path, arguments handed to factories). */
    private static final Set<PGProperty> SECRET = EnumSet.of(PGProperty.PASSWORD, PGProperty.SSL_PASSWORD,
            PGProperty.SSL_KEY, PGProperty.SSL_FACTORY_ARG, PGProperty.SOCKET_FACTORY_ARG);
    private static final Set<PGProperty> SERVER_PART = EnumSet.of(PGProperty.PG_HOST, PGProperty.PG_PORT,
            PGProperty.PG_DBNAME);
    /** Characters of a credential-style parameter or authority; no real host or database name needs them. */
    private static final Pattern CREDENTIAL_SYNTAX = Pattern.compile("[;=@&:?]");
    private static final Pattern IPV6_LITERAL = Pattern.compile("\\[[0-9A-Fa-f:.]+]");
    /**
     * Keeps parseURL from reading {@code ~/.pgpass} for the password (a file read per call, and a secret in hand
     * for nothing): with a password among the defaults it never looks there.
     */
    private static final Properties DEFAULTS = new Properties();

    static {
        PGProperty.PASSWORD.set(DEFAULTS, MASK);
    }

    private RedactedJdbcUrl() {
    }

    public static String of(String url) {
        if (url == null || url.isBlank()) {
            return "(not configured)";
        }
        Properties parsed;
        try {
            parsed = Driver.parseURL(url, DEFAULTS);
        } catch (RuntimeException e) {
            parsed = null;
        }
        return parsed == null ? UNPARSEABLE : rebuild(parsed);
    }

    private static String rebuild(Properties parsed) {
        String[] hosts = PGProperty.PG_HOST.getOrDefault(parsed).split(",", -1);
        String[] ports = PGProperty.PG_PORT.getOrDefault(parsed).split(",", -1);
        StringJoiner servers = new StringJoiner(",");
        for (int i = 0; i < hosts.length; i++) {
            servers.add(host(hosts[i]) + ":" + serverPart(i < ports.length ? ports[i] : ""));
        }
        String database = PGProperty.PG_DBNAME.getOrNull(parsed);
        StringBuilder out = new StringBuilder("jdbc:postgresql://").append(servers).append('/')
                .append(database == null ? "" : serverPart(database));
        Map<String, String> parameters = new TreeMap<>();
        for (String name : parsed.stringPropertyNames()) {
            PGProperty property = PGProperty.forName(name);
            // property == null: not a driver property, ignored by pgjdbc, and maybe the tail of a split password
            if (property == null || SERVER_PART.contains(property)
                    || property == PGProperty.PASSWORD && parsedDefault(parsed)) {
                continue;
            }
            parameters.put(name, SECRET.contains(property) ? MASK : encode(parsed.getProperty(name)));
        }
        StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        parameters.forEach((name, value) -> query.add(name + "=" + value));
        return out.append(query).toString();
    }

    /** The password placeholder from {@link #DEFAULTS}: the URL had none. */
    private static boolean parsedDefault(Properties parsed) {
        return MASK.equals(parsed.getProperty(PGProperty.PASSWORD.getName()));
    }

    /** pgjdbc takes {@code user:pw@db.example} as the host name itself; only what follows the last @ is a host. */
    private static String host(String host) {
        int at = host.lastIndexOf('@');
        return at < 0 ? hostName(host) : MASK + "@" + hostName(host.substring(at + 1));
    }

    private static String hostName(String name) {
        return IPV6_LITERAL.matcher(name).matches() ? name : serverPart(name);
    }

    private static String serverPart(String value) {
        return CREDENTIAL_SYNTAX.matcher(value).find() ? MASK : encode(value);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
