package io.poolguard.web;

import java.util.Set;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Response;

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
 * served {@code /q/metrics/anything} the whole scrape, for every method) answer 404 like any unknown path.
 * <p>
 * The paths are constants, not read from Quarkus' config: they are build-time properties, which a native executable
 * does not keep (there the guard read the defaults and guarded {@code /q/health} while the probes were served under
 * {@code /api/v1/hc/health}). {@code ProbePathsTest} pins them to {@code application.properties}.
 */
@Singleton
public class ProbeMethodGuard {

    static final String ALLOW = "GET, HEAD";

    /** {@code quarkus.smallrye-health.root-path}: the tuning note's path. */
    static final String HEALTH_ROOT = "/api/v1/hc/health";
    /** The liveness, readiness and startup paths under it, and SmallRye's wellness and group paths (unused). */
    static final String LIVE = "live";
    static final String READY = "ready";
    static final String STARTED = "started";
    static final String WELLNESS = "well";
    static final String GROUPS = "group";
    /** Quarkus' non-application root and the Prometheus scrape under it. */
    static final String NON_APPLICATION_ROOT = "/q";
    static final String METRICS = "metrics";

    private final Set<String> readOnly;
    private final String wellness;
    private final String groups;
    private final String metricsBelow;
    private final FixedProblem notAllowed;
    private final FixedProblem notFound;

    ProbeMethodGuard(ObjectMapper json) {
        String root = HEALTH_ROOT;
        String scrape = resolve(NON_APPLICATION_ROOT, METRICS);
        this.readOnly = Set.of(root, resolve(root, LIVE), resolve(root, READY), resolve(root, STARTED), scrape);
        this.metricsBelow = scrape + "/";
        this.wellness = resolve(root, WELLNESS);
        this.groups = resolve(root, GROUPS);
        this.notAllowed = new FixedProblem(json, Response.Status.METHOD_NOT_ALLOWED,
                "Probes and the metrics scrape are read-only: use GET (or HEAD)");
        this.notFound = new FixedProblem(json, Response.Status.NOT_FOUND, "Nothing here: check the path");
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
                notAllowed.end(context);
            }
        } else if (path.equals(wellness) || path.equals(groups) || path.startsWith(groups + "/")
                || path.startsWith(metricsBelow)) {
            notFound.end(context);
        } else {
            context.next();
        }
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
