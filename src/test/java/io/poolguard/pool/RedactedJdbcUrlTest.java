package io.poolguard.pool;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactedJdbcUrlTest {

    @Test
    void credentialsInTheAuthorityAreRemoved() {
        assertThat(RedactedJdbcUrl.of("jdbc:postgresql://app:s3cret@db.example:5432/app"))
                .isEqualTo("jdbc:postgresql://db.example:5432/app");
    }

    @Test
    void credentialParametersAreMaskedWhateverTheirCase() {
        assertThat(RedactedJdbcUrl.of("jdbc:postgresql://db/app?user=app&Password=s3cret&ssl=true&sslpassword=k"))
                .isEqualTo("jdbc:postgresql://db/app?user=***&Password=***&ssl=true&sslpassword=***");
    }

    @Test
    void aPlainUrlIsUnchangedAndAMissingOneSaysSo() {
        assertThat(RedactedJdbcUrl.of("jdbc:postgresql://127.0.0.1:5432/app")).isEqualTo(
                "jdbc:postgresql://127.0.0.1:5432/app");
        assertThat(RedactedJdbcUrl.of(null)).isEqualTo("(not configured)");
    }
}
