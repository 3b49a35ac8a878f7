package io.poolguard.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/** The webhook body and the URL handling, without a running service. */
class AlertmanagerMessageTest {

    private static final Instant START = Instant.parse("2026-01-01T10:00:00Z");

    @Test
    void aResolvedAlertCarriesItsStartAndEndAndTheSameFingerprintAsWhenItFired() {
        AlertTransition fired = new AlertTransition("database_unreachable", "PoolGuardDatabaseUnreachable",
                "critical", AlertTransition.FIRED, START, START, "unreachable", "refused");
        AlertTransition resolved = new AlertTransition("database_unreachable", "PoolGuardDatabaseUnreachable",
                "critical", AlertTransition.RESOLVED, START.plusSeconds(90), START, "up", "read");

        AlertmanagerMessage firing = AlertmanagerMessage.of(fired, "pod-1");
        AlertmanagerMessage ended = AlertmanagerMessage.of(resolved, "pod-1");

        assertThat(firing.version()).isEqualTo("4");
        assertThat(firing.status()).isEqualTo("firing");
        assertThat(ended.status()).isEqualTo("resolved");
        assertThat(ended.alerts().get(0).startsAt()).isEqualTo("2026-01-01T10:00:00Z");
        assertThat(ended.alerts().get(0).endsAt()).isEqualTo("2026-01-01T10:01:30Z");
        assertThat(firing.alerts().get(0).endsAt()).isEqualTo(AlertmanagerMessage.NOT_ENDED);
        assertThat(ended.alerts().get(0).fingerprint()).as("one alert, one identity across its lifecycle")
                .isEqualTo(firing.alerts().get(0).fingerprint()).hasSize(16);
        assertThat(firing.groupKey()).isEqualTo("{}:{alertname=\"PoolGuardDatabaseUnreachable\", instance=\"pod-1\"}");
        assertThat(firing.alerts().get(0).labels()).containsEntry("severity", "critical")
                .containsEntry("rule", "database_unreachable").containsEntry("instance", "pod-1");
        assertThat(firing.alerts().get(0).annotations()).containsEntry("description", "refused")
                .containsKey("summary");
    }

    @Test
    void theWebhookUrlIsShownWithoutUserInfoPathOrQuery() {
        AlertWebhook.Target target = AlertWebhook.Target.of(
                "https://alice:s3cret@hooks.example:8443/services/T0/B0/XYZ?token=abc");

        assertThat(target.safeName()).isEqualTo("https://hooks.example:8443/...");
        assertThat(target.uri()).hasToString("https://hooks.example:8443/services/T0/B0/XYZ?token=abc");
        assertThat(target.authorization()).contains("Basic YWxpY2U6czNjcmV0");
    }

    @Test
    void aUrlThatIsNotHttpIsRefusedAtStartup() {
        assertThat(AlertsConfigValidator.isHttpUrl("http://127.0.0.1:9093/api")).isTrue();
        assertThat(AlertsConfigValidator.isHttpUrl("ftp://host/x")).isFalse();
        assertThat(AlertsConfigValidator.isHttpUrl("not a url")).isFalse();
    }
}
