package io.poolguard.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

class MonitorConfigValidatorTest {

    @Test
    void aSensibleConfigurationPasses() {
        assertThat(MonitorConfigValidator.problems(config(Duration.ofSeconds(10), 120))).isEmpty();
    }

    @Test
    void anIntervalTooShortOrAnEmptyHistoryIsRefusedNamingTheSetting() {
        assertThat(MonitorConfigValidator.problems(config(Duration.ofMillis(10), 0)))
                .containsExactly("poolguard.monitor.interval=PT0.01S must be at least PT0.1S",
                        "poolguard.monitor.history-size=0 must be between 1 and 10000");
    }

    private static MonitorConfig config(Duration interval, int historySize) {
        return new MonitorConfig() {
            @Override
            public Duration interval() {
                return interval;
            }

            @Override
            public Logger.Level logLevel() {
                return Logger.Level.INFO;
            }

            @Override
            public int historySize() {
                return historySize;
            }
        };
    }
}
