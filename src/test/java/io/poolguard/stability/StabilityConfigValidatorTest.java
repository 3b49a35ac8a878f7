package io.poolguard.stability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The rules without starting the application. */
class StabilityConfigValidatorTest {

    @Test
    void defaultsAreValid() {
        assertThat(StabilityConfigValidator.problems(config(Map.of()))).isEmpty();
    }

    @Test
    void nonsenseLimitsAreNamedWithTheirValues() {
        StabilityConfig config = config(Map.of(
                "poolguard.stability.max-concurrent-runs", "0",
                "poolguard.stability.burst-share", "0",
                "poolguard.stability.events-interval", "5S",
                "poolguard.stability.verdict.max-failure-ratio", "1.5"));

        assertThat(StabilityConfigValidator.problems(config)).containsExactlyInAnyOrder(
                "poolguard.stability.max-concurrent-runs=0 must be >= 1",
                "poolguard.stability.burst-share=0.0 must be > 0 and <= 10",
                "poolguard.stability.events-interval=PT5S must be <= 1S",
                "poolguard.stability.verdict.max-failure-ratio=1.5 must be in 0..1");
    }

    @Test
    void historyMustHoldEveryConcurrentRun() {
        StabilityConfig config = config(Map.of("poolguard.stability.max-concurrent-runs", "3",
                "poolguard.stability.history-size", "2"));
        assertThat(StabilityConfigValidator.problems(config)).containsExactly(
                "poolguard.stability.history-size=2 must be >= poolguard.stability.max-concurrent-runs=3");
    }

    private static StabilityConfig config(Map<String, String> values) {
        return new SmallRyeConfigBuilder().withMapping(StabilityConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withDefaultValues(values).build().getConfigMapping(StabilityConfig.class);
    }
}
