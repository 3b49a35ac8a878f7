package io.poolguard.database;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The tuning note's sizing rule, without Quarkus. */
class SizingAdviceTest {

    @Test
    void sizingAdviceFollowsTheTuningNotesRule() {
        SizingAdvice advice = SizingAdvice.of(4, 1, 10, 30, 7, 1, 97);
        assertThat(advice.recommendedBaseSize()).as("min(32, 4*2 + 1)").isEqualTo(9);
        assertThat(advice.recommendedOverflow()).as("overflow = 2x base").isEqualTo(18);
        assertThat(advice.recommendedMaxSize()).isEqualTo(27);
        assertThat(advice.observedPeak()).isEqualTo(7);
        assertThat(SizingAdvice.of(64, 4, 10, 30, 0, 1, 97).recommendedBaseSize()).as("capped at 32").isEqualTo(32);
    }
}
