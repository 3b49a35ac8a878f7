package io.poolguard.web;

import java.util.Set;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * The probes and the Prometheus scrape are read-only: SmallRye Health and Micrometer serve their routes for every
 * method, so {@code POST /api/v1/hc/health/ready} answered 200 with the full body. Here any method but GET and HEAD
 * (methods are case-sensitive: {@code get} is not GET) gets 405 with {@code Allow: GET, HEAD}. SmallRye Health's
 * wellness and group paths, which PoolGuard does not use or document, and any path below the scrape's (Micrometer
 * served {@code /q/metrics/anything} the whole scrape, for every method) answer 404 like any unknown path. Paths are
 * the configured ones, resolved as Quarkus resolves them (relative to the health root, or to {@code /q}).
 */
@Singleton
public class ProbeMethodGuard {

    static final String ALLOW = "GET, HEAD";

    private final Set<String> readOnly;
    private final String wellness;
    private final String groups;
    private final String metricsBelow;
    private final String notAllowed;
    private final String notFound;

    ProbeMethodGuard(ObjectMapper json,
            @ConfigProperty(name = "quarkus.http.non-application-root-path", defaultValue = "q") String q,
            @ConfigProperty(name = "quarkus.smallrye-health.root-path", defaultValue = "health") String health,
            @ConfigProperty(name = "quarkus.smallrye-health.liveness-path", defaultValue = "live") String live,
            @ConfigProperty(name = "quarkus.smallrye-health.readiness-path", defaultValue = "ready") String ready,
            @ConfigProperty(name = "quarkus.smallrye-health.startup-path", defaultValue = "started") String started,
            @ConfigProperty(name = "quarkus.smallrye-health.wellness-path", defaultValue = "well") String well,
            @ConfigProperty(name = "quarkus.smallrye-health.group-path", defaultValue = "group") String group,
            @ConfigProperty(name = "quarkus.micrometer.export.prometheus.path", defaultValue = "metrics")
            String metrics) throws JsonProcessingException {
        String nonApplication = resolve("/", q);
        String root = resolve(nonApplication, health);
        String scrape = resolve(nonApplication, metrics);
        this.readOnly = Set.of(root, resolve(root, live), resolve(root, ready), resolve(root, started), scrape);
        this.metricsBelow = scrape + "/";
        this.wellness = resolve(root, well);
        this.groups = resolve(root, group);
        this.notAllowed = json.writeValueAsString(Problem.of(Response.Status.METHOD_NOT_ALLOWED,
                "Probes and the metrics scrape are read-only: use GET (or HEAD)"));
        this.notFound = json.writeValueAsString(Problem.of(Response.Status.NOT_FOUND,
                "Nothing here: check the path"));
    }

    /**
     * A Quarkus filter, which runs before every route, the framework's {@code /q} ones included. Before the
     * body-size check: a wrong method is the first thing to tell.
     */
    void register(@Observes Filters filters) {
        filters.register(this::check, -RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT + 2);
    }

    private void check(RoutingContext context) {
        String path = withoutTrailingSlash(context.normalizedPath());
        if (readOnly.contains(path)) {
            HttpMethod method = context.request().method();
            if (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method)) {
                context.next();
            } else {
                context.response().putHeader(HttpHeaders.ALLOW, ALLOW);
                refuse(context, Response.Status.METHOD_NOT_ALLOWED, notAllowed);
            }
        } else if (path.equals(wellness) || path.equals(groups) || path.startsWith(groups + "/")
                || path.startsWith(metricsBelow)) {
            refuse(context, Response.Status.NOT_FOUND, notFound);
        } else {
            context.next();
        }
    }

    private static void refuse(RoutingContext context, Response.Status status, String problem) {
        context.response().setStatusCode(status.getStatusCode())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(problem);
    }

    /** {@code metrics} under {@code /q} is {@code /q/metrics}; an absolute path stays as it is. */
    static String resolve(String base, String path) {
        String resolved = path.startsWith("/") ? path : withoutTrailingSlash(base) + "/" + path;
        return withoutTrailingSlash(resolved.replaceAll("/{2,}", "/"));
    }

    private static String withoutTrailingSlash(String path) {
        String trimmed = path;
        while (trimmed.length() > 1 && trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }
}
