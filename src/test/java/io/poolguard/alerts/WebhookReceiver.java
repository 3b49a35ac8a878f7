package io.poolguard.alerts;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

/** A local Alertmanager-style receiver: records every POST, or stalls each one until released. */
final class WebhookReceiver implements AutoCloseable {

    record Received(String authorization, String path, JsonNode body) {
        String rule() {
            return body.path("alerts").path(0).path("labels").path("rule").asText();
        }

        String status() {
            return body.path("status").asText();
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch release;
    private final CountDownLatch firstRequest = new CountDownLatch(1);
    private final java.util.concurrent.atomic.AtomicInteger answered = new java.util.concurrent.atomic.AtomicInteger();

    private WebhookReceiver(int port, boolean stalled) throws IOException {
        this.release = new CountDownLatch(stalled ? 1 : 0);
        ObjectMapper json = new ObjectMapper();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                received.add(new Received(exchange.getRequestHeaders().getFirst("Authorization"),
                        exchange.getRequestURI().toString(), json.readTree(body)));
                firstRequest.countDown();
                release.await(30, TimeUnit.SECONDS);
                exchange.sendResponseHeaders(200, -1);
                answered.incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    static WebhookReceiver listening(int port) throws IOException {
        return new WebhookReceiver(port, false);
    }

    /** Accepts requests but answers none until closed: a hung receiver. */
    static WebhookReceiver stalled(int port) throws IOException {
        return new WebhookReceiver(port, true);
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    long count(String rule, String status) {
        return received.stream().filter(r -> r.rule().equals(rule) && r.status().equals(status)).count();
    }

    int answered() {
        return answered.get();
    }

    boolean awaitFirstRequest(long seconds) throws InterruptedException {
        return firstRequest.await(seconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
