package io.poolguard.web;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The refusals Vert.x Web's router raises before any route runs, as problems and without a log line: an HTTP/1.1
 * request without a valid {@code Host} header (400), and a request target that is not a path: empty ({@code GET ?x},
 * 400) or not starting with {@code /} ({@code GET *}, 404; Vert.x picks the statuses). Quarkus' failure handler
 * answered the first two with its own JSON ({@code {"details":"Error id ..."}}) and an ERROR with a stack trace in
 * the log each, so a load balancer's health check that sends no {@code Host} logged one ERROR per probe; the third
 * it answered without a body. Everything else goes on to Quarkus' handler: the refusals of PoolGuard's resources never come here
 * (the exception mappers answer them), and a server error is logged there.
 */
@Singleton
public class RoutingRefusals {

    private static final String NOT_A_PATH = "The request target must be a path, starting with /";

    private final FixedProblem badHost;
    private final FixedProblem emptyPath;
    private final FixedProblem notAPath;

    RoutingRefusals(ObjectMapper json) {
        this.badHost = new FixedProblem(json, Response.Status.BAD_REQUEST,
                "An HTTP/1.1 request needs a Host header naming a host (and a port, if any)");
        this.emptyPath = new FixedProblem(json, Response.Status.BAD_REQUEST, NOT_A_PATH);
        this.notAPath = new FixedProblem(json, Response.Status.NOT_FOUND, NOT_A_PATH);
    }

    void register(@Observes Router router) {
        // the first failure handler of the router: Quarkus' own is its last route
        router.route().order(Integer.MIN_VALUE).failureHandler(this::answer);
    }

    private void answer(RoutingContext context) {
        int status = context.statusCode();
        String path = context.request().path();
        if (context.response().headWritten()) {
            context.next();
        } else if (status == 400 && context.request().authority() == null
                && context.request().version() != HttpVersion.HTTP_1_0) {
            badHost.end(context);
        } else if (status == 400 && (path == null || path.isEmpty())) {
            emptyPath.end(context);
        } else if (status == 404 && path != null && !path.startsWith("/")) {
            notAPath.end(context);
        } else {
            context.next();
        }
    }
}
