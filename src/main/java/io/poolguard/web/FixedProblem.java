package io.poolguard.web;

import java.io.UncheckedIOException;

import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * A problem that a route of the HTTP layer, below the resources, always answers the same way. It is written as JSON
 * the first time it is sent, not when the route is built: Jackson's first serialization of a type introspects it, and
 * the route handlers are built on the main thread on the way to ready. In the native executable, writing the three
 * handlers' bodies there took 6-21 ms of a profiled start's main thread, with the full collection their allocations
 * set off (bench/README.md, "Native start to ready").
 */
final class FixedProblem {

    private final ObjectMapper json;
    private final Problem problem;
    /** Written once; two first refusals at the same moment both write it, with the same text. */
    private volatile String body;

    FixedProblem(ObjectMapper json, Response.StatusType status, String detail) {
        this.json = json;
        this.problem = Problem.of(status, detail);
    }

    /** Ends the route with this problem. */
    void end(RoutingContext context) {
        context.response().setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(body());
    }

    private String body() {
        String written = body;
        if (written == null) {
            try {
                written = json.writeValueAsString(problem);
            } catch (JsonProcessingException e) {
                // a record of strings and numbers: Jackson cannot fail on it unless the mapper is broken
                throw new UncheckedIOException(e);
            }
            body = written;
        }
        return written;
    }
}
