package io.poolguard.cli;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The one place that knows the service's paths and JSON field names. Commands read figures through these records;
 * when the service renames a field, this file changes and nothing else. Reading is tolerant: a missing figure is
 * null (shown as "?"), never an error, so a CLI one version apart from the service still prints what it can.
 */
final class ServiceJson {

    static final String READY = "api/v1/hc/health/ready";
    static final String HEALTH = "api/v1/hc/health";
    static final String DATABASE = "api/v1/hc/database";
    static final String ALERTS = "api/v1/hc/alerts";
    static final String RUNS = "api/v1/hc/stability-tests";

    private ServiceJson() {
    }

    /** {@code GET /api/v1/hc/database}: the figures the monitor and status print. */
    record Database(String status, String failure, String reason, Long active, Long idle, Long awaiting,
            Long maxSize, Double utilisation, Long maxUsed, Long acquisitionTimeouts, Long invalid, Long leaks,
            String jdbcUrl, Server server) {

        static Database of(JsonNode json) {
            JsonNode pool = json.path("pool");
            JsonNode config = json.path("config");
            return new Database(text(json, "status"), text(json, "failure"), text(json, "reason"),
                    whole(pool, "active"), whole(pool, "idle"), whole(pool, "awaiting"), whole(pool, "maxSize"),
                    number(pool, "utilisation"), whole(pool, "maxUsed"), whole(pool, "acquisitionTimeouts"),
                    whole(pool, "invalid"), whole(pool, "leakDetections"), text(config, "jdbcUrl"),
                    Server.of(json.path("server")));
        }

        boolean up() {
            return "UP".equals(status);
        }
    }

    /** The server side ({@code server} of the database view): the latest sample, or the last good figures. */
    record Server(String status, String failure, String reason, String version, Long ours, Long oursActive,
            Long oursIdle, Long oursIdleInTransaction, Long total, Long maxConnections,
            Double oldestTransactionSeconds) {

        static Server of(JsonNode server) {
            JsonNode view = server.path("view");
            JsonNode ours = view.path("ours");
            Double oldest = number(view, "oldestTransactionAge");
            return new Server(text(server, "status"), text(server, "failure"), text(server, "reason"),
                    text(view, "serverVersion"), whole(ours, "total"), whole(ours, "active"), whole(ours, "idle"),
                    whole(ours, "idleInTransaction"), whole(view, "totalConnections"),
                    whole(view, "maxConnections"), view.isObject() && oldest == null ? Double.valueOf(0) : oldest);
        }

        boolean hasFigures() {
            return total != null;
        }
    }

    /** One active alert of {@code GET /api/v1/hc/alerts}. */
    record Alert(String rule, String severity, String startedAt, String message) {

        static List<Alert> active(JsonNode alerts) {
            List<Alert> active = new ArrayList<>();
            for (JsonNode alert : alerts.path("active")) {
                active.add(new Alert(text(alert, "rule"), text(alert, "severity"), text(alert, "startedAt"),
                        text(alert, "message")));
            }
            return active;
        }
    }

    /** A stability run's view ({@code /api/v1/hc/stability-tests/{id}}, its events, and the list). */
    record Run(String id, String state, String mode, long done, long total, double elapsedSeconds,
            double throughput, long successes, List<Failure> failures, Latency latency, JsonNode pool,
            Boolean stable, String reason, String error) {

        static Run of(JsonNode run) {
            List<Failure> failures = new ArrayList<>();
            run.path("failures").properties()
                    .forEach(e -> failures.add(new Failure(e.getKey(), e.getValue().asLong())));
            JsonNode latency = run.path("latencyMillis");
            JsonNode verdict = run.path("verdict");
            return new Run(text(run, "id"), text(run, "state"), text(run.path("request"), "mode"),
                    run.path("progress").path("done").asLong(), run.path("progress").path("total").asLong(),
                    run.path("elapsedSeconds").asDouble(), run.path("throughputPerSecond").asDouble(),
                    run.path("successes").asLong(), failures,
                    new Latency(latency.path("p50").asDouble(), latency.path("p90").asDouble(),
                            latency.path("p99").asDouble(), latency.path("p999").asDouble(),
                            latency.path("max").asDouble()),
                    run.path("pool"), verdict.has("stable") ? verdict.path("stable").asBoolean() : null,
                    text(verdict, "reason"), text(run, "error"));
        }

        long failed() {
            return failures.stream().mapToLong(Failure::count).sum();
        }

        boolean finished() {
            return !"queued".equals(state) && !"running".equals(state);
        }
    }

    record Failure(String failureClass, long count) {
    }

    /** Milliseconds. */
    record Latency(double p50, double p90, double p99, double p999, double max) {
    }

    /** Readiness ({@code GET /api/v1/hc/health/ready}): UP or DOWN, and why, from the database check's data. */
    record Readiness(boolean up, String failure, String reason) {

        static Readiness of(JsonNode json) {
            String failure = null;
            String reason = null;
            for (JsonNode check : json.path("checks")) {
                if (!"UP".equals(check.path("status").asText())) {
                    failure = failure != null ? failure : text(check.path("data"), "failure");
                    reason = reason != null ? reason : text(check.path("data"), "reason");
                    if (failure == null && reason == null) {
                        reason = check.path("name").asText("a check") + " is DOWN";
                    }
                }
            }
            return new Readiness("UP".equals(json.path("status").asText()), failure, reason);
        }
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() && !value.isNull() ? value.asText() : null;
    }

    static Long whole(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNumber() ? value.asLong() : null;
    }

    static Double number(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNumber() ? value.asDouble() : null;
    }
}
