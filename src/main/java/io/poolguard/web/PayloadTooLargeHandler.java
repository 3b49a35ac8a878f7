package io.poolguard.web;

import java.util.Optional;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers a request whose declared body is larger than {@code quarkus.http.limits.max-body-size} with a 413 problem,
 * before Quarkus' own limit answers it with an empty body. The body is never read. A chunked body without a length
 * that grows past the limit is still cut off by Quarkus (a bare 413).
 */
@Singleton
public class PayloadTooLargeHandler {

    private final long limit;
    private final FixedProblem tooLarge;

    PayloadTooLargeHandler(@ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> limit,
            ObjectMapper json) {
        this.limit = limit.map(MemorySize::asLongValue).orElse(Long.MAX_VALUE);
        this.tooLarge = new FixedProblem(json, Response.Status.REQUEST_ENTITY_TOO_LARGE,
                "The request body is larger than " + this.limit + " bytes");
    }

    void register(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::check);
    }

    private void check(RoutingContext context) {
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && declaredLength(length) > limit) {
            context.response().putHeader(HttpHeaders.CONNECTION, "close");
            tooLarge.end(context);
        } else {
            context.next();
        }
    }

    private static long declaredLength(String header) {
        try {
            return Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
