package io.poolguard.stability;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import io.poolguard.metrics.MetricNames;
import io.poolguard.pool.DatabaseFailure;

/**
 * The stability meters, registered once: runs by outcome, operations by result, and the operation timer. Created at
 * startup, so every series is scraped (at 0) before the first run and dashboards and rules see it.
 */
@Startup
@Singleton
class StabilityMetrics {

    private final Map<RunState, Counter> runs = new EnumMap<>(RunState.class);
    private final Counter successes;
    private final Counter[] failures = new Counter[DatabaseFailure.values().length];
    private final Timer operation;

    StabilityMetrics(MeterRegistry registry) {
        for (RunState outcome : new RunState[] { RunState.COMPLETED, RunState.CANCELLED, RunState.FAILED }) {
            runs.put(outcome, Counter.builder(MetricNames.STABILITY_RUNS)
                    .description("Stability runs that ended, by outcome")
                    .tag("outcome", outcome.label())
                    .register(registry));
        }
        successes = operationCounter(registry, "success");
        for (DatabaseFailure failure : DatabaseFailure.values()) {
            failures[failure.ordinal()] = operationCounter(registry, failure.label());
        }
        operation = Timer.builder(MetricNames.STABILITY_OPERATION)
                .description("One stability operation (hold mode: the borrow), successful or not")
                .publishPercentileHistogram()
                .register(registry);
    }

    private static Counter operationCounter(MeterRegistry registry, String result) {
        return Counter.builder(MetricNames.STABILITY_OPERATIONS)
                .description("Stability operations, by result: success or the failure class")
                .tag("result", result)
                .register(registry);
    }

    void success(long nanos) {
        successes.increment();
        operation.record(nanos, TimeUnit.NANOSECONDS);
    }

    void failure(DatabaseFailure failure, long nanos) {
        failures[failure.ordinal()].increment();
        operation.record(nanos, TimeUnit.NANOSECONDS);
    }

    void runEnded(RunState outcome) {
        runs.get(outcome).increment();
    }
}
