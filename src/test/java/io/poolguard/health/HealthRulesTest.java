package io.poolguard.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.OptionalInt;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;


/** The pure rules behind the probes, without Quarkus. */
class HealthRulesTest {

    @Test
    void livenessIsDownOnlyWhenAHeartbeatIsOverdue() {
        Duration stuckAfter = Duration.ofSeconds(60);
        assertThat(ProcessLivenessCheck.response(Duration.ofSeconds(5), Duration.ofSeconds(59), stuckAfter)
                .getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        HealthCheckResponse stuck = ProcessLivenessCheck.response(Duration.ofSeconds(1), Duration.ofSeconds(61),
                stuckAfter);
        assertThat(stuck.getStatus()).as("worker pool silent for 61 s").isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(stuck.getData().orElseThrow().get("reason").toString()).contains("worker pool");
    }

    @Test
    void probesKeepPartOfTheBudgetForTheHttpRoundTrip() {
        assertThat(ReadinessProbe.answerWithin(Duration.ofSeconds(1))).isEqualTo(Duration.ofMillis(800));
        assertThat(ReadinessProbe.answerWithin(Duration.ofSeconds(5))).as("reserve capped at 200 ms")
                .isEqualTo(Duration.ofMillis(4800));
        assertThat(ReadinessProbe.answerWithin(Duration.ofMillis(500))).isEqualTo(Duration.ofMillis(400));
    }

    @Test
    void nonsenseHealthSettingsAreRefused() {
        HealthConfig bad = config(Duration.ofMillis(50), Duration.ZERO, Duration.ofSeconds(5), Duration.ofSeconds(6),
                -1, OptionalInt.of(0));
        assertThat(HealthConfigValidator.problems(bad)).as("problems").hasSize(5)
                .anyMatch(p -> p.startsWith("poolguard.health.budget=PT0.05S"))
                .anyMatch(p -> p.startsWith("poolguard.health.readiness.ttl=PT0S"))
                .anyMatch(p -> p.startsWith("poolguard.health.liveness.stuck-after=PT6S"))
                .anyMatch(p -> p.startsWith("poolguard.health.sizing.spindles=-1"))
                .anyMatch(p -> p.startsWith("poolguard.health.sizing.cores=0"));
        HealthConfig defaults = config(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
                Duration.ofSeconds(60), 1, OptionalInt.empty());
        assertThat(HealthConfigValidator.problems(defaults)).as("the defaults are valid").isEmpty();
    }

    private static HealthConfig config(Duration budget, Duration ttl, Duration heartbeat, Duration stuckAfter,
            int spindles, OptionalInt cores) {
        return new HealthConfig() {
            public Duration budget() {
                return budget;
            }

            public Readiness readiness() {
                return new Readiness() {
                    public Duration ttl() {
                        return ttl;
                    }

                    public boolean requireWritable() {
                        return true;
                    }
                };
            }

            public Liveness liveness() {
                return new Liveness() {
                    public Duration heartbeatInterval() {
                        return heartbeat;
                    }

                    public Duration stuckAfter() {
                        return stuckAfter;
                    }
                };
            }

            public DatabaseViewSettings databaseView() {
                return () -> Duration.ofSeconds(10);
            }

            public Sizing sizing() {
                return new Sizing() {
                    public int spindles() {
                        return spindles;
                    }

                    public OptionalInt cores() {
                        return cores;
                    }
                };
            }
        };
    }
}
