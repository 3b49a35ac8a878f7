package io.poolguard.alerts;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.poolguard.concurrent.DaemonThreadFactory;
import io.poolguard.metrics.MetricNames;
import io.poolguard.pool.DataSourceLog;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;

/**
 * Sends each alert transition to {@code poolguard.alerts.webhook-url}, off the sampler's thread: one sender thread
 * with a bounded queue (full queue: dropped and counted, the sampler never waits), a timeout per attempt and a few
 * retries with doubling backoff. Only the URL's scheme, host and port are logged: credentials often sit in its user
 * info, path or query.
 */
@Singleton
public class AlertWebhook {

    private final Optional<Target> target;
    private final AlertsConfig.Webhook settings;
    private final ObjectMapper json;
    private final String instance;
    private final Counter delivered;
    private final Counter failed;
    private final Counter dropped;
    private final ThreadPoolExecutor sender;
    private final HttpClient client;

    AlertWebhook(AlertsConfig config, ObjectMapper json, MeterRegistry registry) {
        this.target = config.webhookUrl().filter(url -> !url.isBlank()).map(Target::of);
        this.settings = config.webhook();
        this.json = json;
        this.instance = Optional.ofNullable(System.getenv("HOSTNAME")).orElse("poolguard");
        this.delivered = notifications(registry, "delivered");
        this.failed = notifications(registry, "failed");
        this.dropped = notifications(registry, "dropped");
        if (target.isEmpty()) {
            sender = null;
            client = null;
            return;
        }
        client = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
        sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(settings.queueSize()), new DaemonThreadFactory("poolguard-alert-webhook"),
                (task, executor) -> {
                    if (executor.isShutdown()) {
                        return;
                    }
                    dropped.increment();
                    Log.warnf(DataSourceLog.PREFIX + "alert webhook %s is behind (%d queued): notification dropped",
                            target.get().safeName(), settings.queueSize());
                });
        Log.infof(DataSourceLog.PREFIX + "alerts are sent to the webhook %s", target.get().safeName());
    }

    private static Counter notifications(MeterRegistry registry, String outcome) {
        return Counter.builder(MetricNames.ALERT_WEBHOOK_NOTIFICATIONS)
                .description("Alert webhook notifications by outcome: delivered, failed (after retries) or dropped"
                        + " (queue full)")
                .tag("outcome", outcome)
                .register(registry);
    }

    /** Queues the transition for sending; returns at once. A no-op without a webhook URL. */
    void send(AlertTransition transition) {
        if (target.isEmpty()) {
            return;
        }
        byte[] body;
        try {
            body = json.writeValueAsBytes(AlertmanagerMessage.of(transition, instance));
        } catch (JsonProcessingException e) {
            failed.increment();
            Log.errorf(e, DataSourceLog.PREFIX + "alert %s could not be serialised for the webhook", transition.rule());
            return;
        }
        sender.execute(() -> deliver(transition, body));
    }

    private void deliver(AlertTransition transition, byte[] body) {
        Target to = target.get();
        HttpRequest.Builder request = HttpRequest.newBuilder(to.uri())
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        to.authorization().ifPresent(value -> request.header("Authorization", value));
        int attempts = 1 + settings.retries();
        Duration backoff = settings.backoff();
        String lastProblem = "";
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                int status = client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status / 100 == 2) {
                    delivered.increment();
                    Log.debugf(DataSourceLog.PREFIX + "alert %s %s delivered to %s", transition.rule(),
                            transition.transition(), to.safeName());
                    return;
                }
                lastProblem = "HTTP " + status;
                if (!retryable(status)) {
                    break;
                }
            } catch (IOException e) {
                lastProblem = e.getClass().getSimpleName();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (attempt < attempts) {
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoff = backoff.multipliedBy(2);
            }
        }
        failed.increment();
        Log.warnf(DataSourceLog.PREFIX + "alert %s %s not delivered to the webhook %s: %s", transition.rule(),
                transition.transition(), to.safeName(), lastProblem);
    }

    private static boolean retryable(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    void stop(@Observes ShutdownEvent event) {
        if (sender != null) {
            sender.shutdownNow();
        }
    }

    /** The webhook URL split into what is sent and what may be shown. */
    record Target(URI uri, Optional<String> authorization, String safeName) {

        static Target of(String url) {
            URI given = URI.create(url.trim());
            Optional<String> authorization = Optional.ofNullable(given.getUserInfo())
                    .map(userInfo -> "Basic " + Base64.getEncoder().encodeToString(
                            userInfo.getBytes(StandardCharsets.UTF_8)));
            URI withoutUserInfo = URI.create(given.getScheme() + "://" + given.getRawAuthority()
                    .substring(given.getRawAuthority().lastIndexOf('@') + 1)
                    + Optional.ofNullable(given.getRawPath()).orElse("")
                    + (given.getRawQuery() == null ? "" : "?" + given.getRawQuery()));
            String safeName = given.getScheme() + "://" + given.getHost()
                    + (given.getPort() == -1 ? "" : ":" + given.getPort()) + "/...";
            return new Target(withoutUserInfo, authorization, safeName);
        }
    }
}
