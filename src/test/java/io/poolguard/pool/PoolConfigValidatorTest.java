package io.poolguard.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The rules themselves, without starting anything; the startup path is in StartupRefusesInvalidPoolConfigTest. */
public class PoolConfigValidatorTest {

    @Test
    void defaultsFromTheTuningNoteAreValid() {
        assertThat(PoolConfigValidator.problems(new Config(10, 10, 30))).isEmpty();
    }

    @Test
    void initialSizeOutsideMinAndMaxIsRejected() {
        assertThat(PoolConfigValidator.problems(new Config(10, 31, 30)))
                .containsExactly("poolguard.pool.initial-size=31 must be between poolguard.pool.min-size=10"
                        + " and poolguard.pool.max-size=30");
    }

    @Test
    void maxLifetimeNotLongerThanValidationIsRejected() {
        Config config = new Config(10, 10, 30) {
            @Override
            public Duration maxLifetime() {
                return Duration.ofMinutes(1);
            }
        };
        List<String> problems = PoolConfigValidator.problems(config);
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0)).startsWith("poolguard.pool.max-lifetime=PT1M must be longer than");
    }

    @Test
    void zeroTimeoutsAreRejected() {
        Config config = new Config(10, 10, 30) {
            @Override
            public Duration acquisitionTimeout() {
                return Duration.ZERO;
            }
        };
        assertThat(PoolConfigValidator.problems(config))
                .containsExactly("poolguard.pool.acquisition-timeout=PT0S must be positive");
    }

    /** The defaults of PoolConfig with the three sizes chosen by the test. */
    public static class Config implements PoolConfig {
        private final int min;
        private final int initial;
        private final int max;

        public Config(int min, int initial, int max) {
            this.min = min;
            this.initial = initial;
            this.max = max;
        }

        public int minSize() { return min; }
        public int initialSize() { return initial; }
        public int maxSize() { return max; }
        public Duration acquisitionTimeout() { return Duration.ofSeconds(30); }
        public Duration maxLifetime() { return Duration.ofHours(1); }
        public Duration leakDetectionInterval() { return Duration.ofMinutes(2); }
        public boolean extendedLeakReport() { return false; }
        public Duration idleRemovalInterval() { return Duration.ofMinutes(5); }
        public String applicationName() { return "poolguard"; }
        public int replicas() { return 1; }

        public Validation validation() {
            return new Validation() {
                public Duration foregroundInterval() { return Duration.ofSeconds(5); }
                public boolean onBorrow() { return false; }
                public Duration backgroundInterval() { return Duration.ofMinutes(2); }
                public Duration timeout() { return Duration.ofSeconds(2); }
            };
        }

        public Driver driver() {
            return new Driver() {
                public int connectTimeoutSeconds() { return 5; }
                public int loginTimeoutSeconds() { return 10; }
                public int socketTimeoutSeconds() { return 60; }
            };
        }
    }
}
