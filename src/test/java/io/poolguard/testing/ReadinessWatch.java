package io.poolguard.testing;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.awaitility.Awaitility;

import io.restassured.response.Response;

/**
 * Polls readiness and liveness in the background during a fault, recording every answer, so a test can say what
 * the probes did while it broke things (and when).
 */
public final class ReadinessWatch implements AutoCloseable {

    public static final String READY = "/api/v1/hc/health/ready";
    public static final String LIVE = "/api/v1/hc/health/live";

    /** One probe answer: when (nanoTime), which probe, its status and readiness failure class. */
    public record Answer(long atNanos, String path, int status, String failure) {
    }

    private final List<Answer> answers = new CopyOnWriteArrayList<>();
    private final Thread poller;
    private volatile boolean stopped;

    private ReadinessWatch(Duration every) {
        poller = new Thread(() -> {
            while (!stopped) {
                record(READY);
                record(LIVE);
                try {
                    Thread.sleep(every.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "readiness-watch");
        poller.setDaemon(true);
        poller.start();
    }

    public static ReadinessWatch every(Duration interval) {
        return new ReadinessWatch(interval);
    }

    public List<Answer> answers() {
        return List.copyOf(answers);
    }

    public List<Answer> readiness() {
        return answers.stream().filter(a -> a.path().equals(READY)).toList();
    }

    public List<Answer> liveness() {
        return answers.stream().filter(a -> a.path().equals(LIVE)).toList();
    }

    private void record(String path) {
        try {
            Response response = given().get(path);
            String failure = path.equals(READY) && response.statusCode() != 200
                    ? response.jsonPath().getString("checks[0].data.failure")
                    : null;
            answers.add(new Answer(System.nanoTime(), path, response.statusCode(), failure));
        } catch (RuntimeException e) {
            answers.add(new Answer(System.nanoTime(), path, -1, e.getClass().getSimpleName()));
        }
    }

    @Override
    public void close() {
        stopped = true;
        poller.interrupt();
        try {
            poller.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until readiness answers 200. */
    public static void awaitReady(Duration atMost) {
        Awaitility.await("readiness UP").atMost(atMost).pollInterval(Duration.ofMillis(100))
                .until(() -> given().get(READY).statusCode() == 200);
    }

    /** Waits until readiness is DOWN with one of the given failure classes; returns the class. */
    public static String awaitDown(Duration atMost, String... failures) {
        List<String> expected = List.of(failures);
        String[] seen = new String[1];
        Awaitility.await("readiness DOWN with " + expected).atMost(atMost).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    Response r = given().get(READY);
                    seen[0] = r.statusCode() == 503 ? r.jsonPath().getString("checks[0].data.failure") : null;
                    return seen[0] != null && expected.contains(seen[0]);
                });
        return seen[0];
    }
}
