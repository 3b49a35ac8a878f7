package io.poolguard.pool;

import java.util.regex.Pattern;

/** A JDBC URL with every credential removed, safe for a log line or a response. */
public final class RedactedJdbcUrl {

    // user:password@host authority, and password/user-ish query or semicolon parameters in any case
    private static final Pattern USER_INFO = Pattern.compile("(//)[^/@?;]*@");
    private static final Pattern SECRET_PARAMETER = Pattern.compile(
            "(?i)([?&;](?:password|pass|pwd|sslpassword|sslkey|user|username)=)[^&;]*");

    private RedactedJdbcUrl() {
    }

    public static String of(String url) {
        if (url == null || url.isBlank()) {
            return "(not configured)";
        }
        String withoutUserInfo = USER_INFO.matcher(url).replaceFirst("$1");
        return SECRET_PARAMETER.matcher(withoutUserInfo).replaceAll("$1***");
    }
}
