package io.poolguard.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.OptionalInt;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;

/** The pure rules behind the probes and the database view, without Quarkus. */
class HealthRulesTest {

    @Test
    void sizingAdviceFollowsTheOriginRule() {
        SizingAdvice advice = SizingAdvice.of(4, 1, 10, 30, 7, 1, 97);
        assertThat(advice.recommendedBaseSize()).as("min(32, 4*2 + 1)").isEqualTo(9);
        assertThat(advice.recommendedOverflow()).as("overflow = 2x base").isEqualTo(18);
        assertThat(advice.recommendedMaxSize()).isEqualTo(27);
        assertThat(advice.observedPeak()).isEqualTo(7);
        assertThat(SizingAdvice.of(64, 4, 10, 30, 0, 1, 97).recommendedBaseSize()).as("capped at 32").isEqualTo(32);
    }

    @Test
    void connectionBudgetOverTheServerLimitSaysWhatToChange() {
        SizingAdvice.ConnectionBudget over = SizingAdvice.budget(30, 4, 97);
        assertThat(over.poolConnections()).as("max-size x replicas").isEqualTo(120);
        assertThat(over.required()).as("plus one readiness connection per replica").isEqualTo(124);
        assertThat(over.withinBudget()).isFalse();
        assertThat(over.verdict()).startsWith("over budget")
                .contains("poolguard.pool.max-size to 23").contains("max_connections");

        SizingAdvice.ConnectionBudget within = SizingAdvice.budget(30, 3, 97);
        assertThat(within.withinBudget()).as("3 x 31 = 93 <= 97").isTrue();
        assertThat(within.verdict()).startsWith("within budget").contains("4 spare");

        SizingAdvice.ConnectionBudget unknown = SizingAdvice.budget(30, 1, null);
        assertThat(unknown.withinBudget()).as("no server view: unknown, not a guess").isNull();
        assertThat(unknown.verdict()).startsWith("unknown");
    }

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
    void saturatedMeansEveryConnectionOutOrSomeoneWaiting() {
        assertThat(PoolState.isSaturated(3, 0, 3)).isTrue();
        assertThat(PoolState.isSaturated(2, 1, 3)).isTrue();
        assertThat(PoolState.isSaturated(2, 0, 3)).isFalse();
    }

    @Test
    void acquirePercentilesAreHistogramBucketBounds() {
        // the registry the service runs with: its timers keep the histogram buckets
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Timer timer = Timer.builder("t").publishPercentileHistogram().register(registry);
        assertThat(AcquireLatency.of(timer).p99()).as("no borrows yet").isNull();
        for (int i = 0; i < 99; i++) {
            timer.record(Duration.ofMillis(2));
        }
        timer.record(Duration.ofMillis(900));
        AcquireLatency latency = AcquireLatency.of(timer);
        assertThat(latency.count()).isEqualTo(100);
        assertThat(latency.p50()).as("p50 bucket bound just above 2 ms")
                .isBetween(Duration.ofMillis(2), Duration.ofMillis(3));
        assertThat(latency.p99()).as("99 of 100 at 2 ms").isLessThan(Duration.ofMillis(3));
        assertThat(latency.max()).isEqualTo(Duration.ofMillis(900));
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

            public DatabaseView databaseView() {
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
