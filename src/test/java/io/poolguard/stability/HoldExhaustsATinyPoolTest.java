package io.poolguard.stability;

import static io.poolguard.stability.StabilityApi.awaitFinished;
import static io.poolguard.stability.StabilityApi.failures;
import static io.poolguard.stability.StabilityApi.startAccepted;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@TestProfile(HoldExhaustsATinyPoolTest.TinyPool.class)
class HoldExhaustsATinyPoolTest {

    /** Two connections, a short acquisition timeout, and an operator who let runs take twice the pool. */
    public static class TinyPool implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("poolguard.pool.min-size", "1", "poolguard.pool.initial-size", "1",
                    "poolguard.pool.max-size", "2", "poolguard.pool.acquisition-timeout", "PT0.5S",
                    "poolguard.stability.burst-share", "2");
        }
    }

    @Test
    void holdingMoreThanThePoolHasCountsAcquisitionTimeouts() {
        String id = startAccepted("{\"count\": 4, \"interval\": 0, \"burst\": 4, \"mode\": \"hold\","
                + " \"hold\": \"PT3S\"}");
        JsonPath run = awaitFinished(id, Duration.ofSeconds(30));

        assertThat(run.getString("state")).isEqualTo("completed");
        assertThat(run.getLong("successes")).as("two got the pool's two connections: %s", run.prettify())
                .isEqualTo(2);
        assertThat(failures(run, "pool_exhausted")).as("two gave up after the acquisition timeout").isEqualTo(2);
        assertThat(run.getLong("pool.acquisitionTimeouts")).as("the pool's own count agrees").isEqualTo(2);
        assertThat(run.getBoolean("verdict.stable")).isFalse();
        assertThat(run.getString("verdict.reason")).contains("2 pool_exhausted");
    }

    @Test
    void withoutTheRaisedShareAHoldRunCannotTakeTheWholePool() {
        // default share 0.5 would allow 1 of 2; this profile allows 4, so 5 is refused naming the basis
        io.restassured.response.Response refused = StabilityApi.start(
                "{\"count\": 5, \"burst\": 5, \"mode\": \"hold\", \"hold\": 1}");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.jsonPath().getString("errors[0].detail")).contains("must be <= 4", "max-size 2");
    }
}
