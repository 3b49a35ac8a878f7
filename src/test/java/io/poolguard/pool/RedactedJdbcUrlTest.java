package io.poolguard.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.Driver;

class RedactedJdbcUrlTest {

    /** Fragments that must never survive redaction; the separators between them are what parsers disagree on. */
    private static final List<String> CANARY_PARTS = List.of("Qx7wa", "Zk9pe", "Mv3ti");

    @Test
    void semicolonInsideAPasswordIsPartOfThePasswordAsPgjdbcReadsIt() {
        String url = "jdbc:postgresql://host/db?user=u&password=Semi;Secret";
        assertThat(Driver.parseURL(url, null).getProperty("password")).as("what the driver uses")
                .isEqualTo("Semi;Secret");

        assertThat(RedactedJdbcUrl.of(url)).isEqualTo("jdbc:postgresql://host:5432/db?password=***&user=u")
                .doesNotContain("Semi", "Secret");
    }

    static Stream<Arguments> secretsInEveryPlace() {
        String raw = String.join(";", CANARY_PARTS.get(0), CANARY_PARTS.get(1)) + "&" + CANARY_PARTS.get(2);
        String encoded = URLEncoder.encode(raw, StandardCharsets.UTF_8);
        return Stream.of(
                Arguments.of("password, percent-encoded ; and &",
                        "jdbc:postgresql://db.example:5433/app?user=app&password=" + encoded),
                Arguments.of("password, raw ; then an & that pgjdbc splits on",
                        "jdbc:postgresql://db.example/app?password=" + raw),
                Arguments.of("sslpassword", "jdbc:postgresql://db.example/app?ssl=true&sslpassword=" + encoded),
                Arguments.of("sslkey", "jdbc:postgresql://db.example/app?sslkey=/keys/" + encoded + ".pk8"),
                Arguments.of("sslfactoryarg (a certificate or key in the URL)",
                        "jdbc:postgresql://db.example/app?sslfactory=org.postgresql.ssl.SingleCertValidatingFactory"
                                + "&sslfactoryarg=" + encoded),
                Arguments.of("socketFactoryArg", "jdbc:postgresql://db.example/app?socketFactoryArg=" + encoded),
                Arguments.of("parameters pgjdbc does not know (names are case-sensitive)",
                        "jdbc:postgresql://db.example/app?Password=" + encoded + "&pwd=" + encoded),
                Arguments.of("user:password@host, which pgjdbc takes as the host name",
                        "jdbc:postgresql://app:" + String.join("-", CANARY_PARTS) + "@db.example:5432/app"),
                Arguments.of("user:password@ with an @ in the password",
                        "jdbc:postgresql://app:" + String.join("@", CANARY_PARTS) + "@db.example:5432/app"),
                Arguments.of("user:password@ without a port (unparseable)",
                        "jdbc:postgresql://app:" + String.join("-", CANARY_PARTS) + "@db.example/app"),
                Arguments.of("semicolon parameters in the database name",
                        "jdbc:postgresql://db.example/app;password=" + String.join(";", CANARY_PARTS)),
                Arguments.of("a secret in a name-only parameter",
                        "jdbc:postgresql://db.example/app?" + String.join(";", CANARY_PARTS)),
                Arguments.of("two hosts, secret in the second",
                        "jdbc:postgresql://a.example:5432,u:" + String.join("-", CANARY_PARTS)
                                + "@b.example:5432/app"),
                Arguments.of("not a URL pgjdbc can parse, secret inside",
                        "jdbc:postgresql://db/a/b?password=" + raw),
                Arguments.of("another driver's URL", "jdbc:mysql://u:" + raw + "@db/app"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("secretsInEveryPlace")
    void noPartOfASecretSurvives(String where, String url) {
        String redacted = RedactedJdbcUrl.of(url);

        assertThat(redacted).as("%s -> %s", url, redacted).doesNotContain(CANARY_PARTS);
    }

    @Test
    void whatIsNotSecretIsShownAsTheDriverReadsIt() {
        String url = "jdbc:postgresql://db1.example:5433,[::1]:5434/my%20app?user=app&ApplicationName=pool%26guard"
                + "&ssl=true&sslmode=verify-full&password=pw&sslpassword=k&sslkey=/k.pk8&targetServerType=primary";

        assertThat(RedactedJdbcUrl.of(url)).isEqualTo("jdbc:postgresql://db1.example:5433,[::1]:5434/my+app"
                + "?ApplicationName=pool%26guard&password=***&ssl=true&sslkey=***&sslmode=verify-full"
                + "&sslpassword=***&targetServerType=primary&user=app");
    }

    @Test
    void credentialsInTheAuthorityAreMaskedAndTheRealHostKept() {
        assertThat(RedactedJdbcUrl.of("jdbc:postgresql://app:s3cret@db.example:5432/app"))
                .isEqualTo("jdbc:postgresql://***@db.example:5432/app");
    }

    @Test
    void defaultsAreFilledInAndAMissingOrUnparseableUrlSaysSo() {
        assertThat(RedactedJdbcUrl.of("jdbc:postgresql://127.0.0.1/app")).isEqualTo(
                "jdbc:postgresql://127.0.0.1:5432/app");
        assertThat(RedactedJdbcUrl.of("jdbc:postgresql:app")).isEqualTo("jdbc:postgresql://localhost:5432/app");
        assertThat(RedactedJdbcUrl.of(null)).isEqualTo("(not configured)");
        assertThat(RedactedJdbcUrl.of("jdbc:postgresql://db/a/b")).isEqualTo(RedactedJdbcUrl.UNPARSEABLE);
        assertThat(RedactedJdbcUrl.of("jdbc:postgresql://db/app?password=%zz")).as("bad percent-encoding")
                .isEqualTo(RedactedJdbcUrl.UNPARSEABLE);
    }

    @Test
    void theCanariesReallyAreWhereTheDriverLooks() {
        // guards the table above: a URL built wrong would pass noPartOfASecretSurvives without testing anything
        String raw = String.join(";", CANARY_PARTS);
        Properties parsed = Driver.parseURL("jdbc:postgresql://db/app?password="
                + URLEncoder.encode(raw + "&x", StandardCharsets.UTF_8), null);
        assertThat(parsed.getProperty("password")).isEqualTo(raw + "&x");
        assertThat(Driver.parseURL("jdbc:postgresql://app:" + raw + "@db.example:5432/app", null)
                .getProperty("PGHOST")).contains(CANARY_PARTS.get(0));
    }
}
