package io.poolguard.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class AlertsConfigValidatorTest {

    @Test
    void theDefaultsPass() {
        assertThat(AlertsConfigValidator.problems(new Settings(80, 3, "https://am.example/hook"))).isEmpty();
    }

    @Test
    void nonsenseIsRefusedNamingTheSettingButNeverTheWebhookUrl() {
        assertThat(AlertsConfigValidator.problems(new Settings(120, -1, "ftp://user:s3cret@host/x")))
                .containsExactly("poolguard.alerts.utilisation.threshold-percent=120 must be between 1 and 100",
                        "poolguard.alerts.webhook-url must be an absolute http:// or https:// URL with a host"
                                + " (value not shown: it may hold credentials)",
                        "poolguard.alerts.webhook.retries=-1 must be between 0 and 10");
    }

    private static final class Settings extends AlertRulesTest.Settings {
        private final int utilisationPercent;
        private final int retries;
        private final String url;

        Settings(int utilisationPercent, int retries, String url) {
            this.utilisationPercent = utilisationPercent;
            this.retries = retries;
            this.url = url;
        }

        @Override
        public Utilisation utilisation() {
            return new Utilisation() {
                @Override
                public int thresholdPercent() {
                    return utilisationPercent;
                }

                @Override
                public int consecutiveSamples() {
                    return 3;
                }
            };
        }

        @Override
        public Optional<String> webhookUrl() {
            return Optional.of(url);
        }

        @Override
        public Webhook webhook() {
            return new Webhook() {
                @Override
                public Duration timeout() {
                    return Duration.ofSeconds(5);
                }

                @Override
                public int retries() {
                    return retries;
                }

                @Override
                public Duration backoff() {
                    return Duration.ofSeconds(1);
                }

                @Override
                public int queueSize() {
                    return 100;
                }
            };
        }
    }
}
