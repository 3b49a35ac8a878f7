package io.poolguard.control;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import io.poolguard.pool.ConnectionBudget;
import io.poolguard.pool.FlushResult;
import io.poolguard.pool.PoolAction;
import io.poolguard.pool.PoolConfig;
import io.poolguard.pool.PoolControl;
import io.poolguard.server.ServerView;
import io.poolguard.server.ServerViewSource;
import io.poolguard.web.ApiKeyRequired;
import io.poolguard.web.Problem;
import io.poolguard.web.ProblemException;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.http.HttpServerRequest;

/**
 * Runtime control of the pool: flush (pgbouncer's RECONNECT is {@code graceful}), resize, and the audit of both.
 * Every endpoint needs the API key, like the stability endpoints: these change what the pool does, and the audit
 * names callers. Changes are not persisted.
 */
@Path("/api/v1/hc/database/pool")
@ApiKeyRequired
@Produces(MediaType.APPLICATION_JSON)
public class PoolControlResource {

    private final PoolControl control;
    private final ServerViewSource serverView;
    private final int replicas;

    PoolControlResource(PoolControl control, ServerViewSource serverView, PoolConfig poolConfig) {
        this.control = control;
        this.serverView = serverView;
        this.replicas = poolConfig.replicas();
    }

    /** The runtime limits, configured beside effective. Memory only. */
    @GET
    @NonBlocking
    public PoolLimitsView limits() {
        return view(null);
    }

    /** Changes any of maxSize, minSize, acquisitionTimeout at once; a refused request changes nothing. */
    @PATCH
    @Blocking
    @Consumes(MediaType.APPLICATION_JSON)
    public PoolLimitsView resize(ResizeRequest request, @Context HttpServerRequest http) {
        ResizeRules rules = ResizeRules.parse(request);
        ServerView server = serverView.lastView().orElse(null);
        Integer maxConnections = server == null ? null : server.maxConnections();
        Integer available = server == null ? null : server.availableConnections();
        PoolAction action = control.resize(current -> rules.target(current, replicas, maxConnections, available),
                caller(http));
        return view(action);
    }

    /** Flushes the pool in one of Agroal's modes; answers what was done once the pool settles. */
    @POST
    @Path("flush")
    @Blocking
    @Consumes(MediaType.APPLICATION_JSON)
    public FlushResult flush(FlushRequest request, @Context HttpServerRequest http) {
        PoolControl.FlushMode mode = request == null || request.mode() == null || !request.mode().isTextual()
                ? null
                : PoolControl.FlushMode.of(request.mode().textValue()).orElse(null);
        if (mode == null) {
            throw new ProblemException(Problem.invalid(List.of(new Problem.InvalidField("mode", "must be one of "
                    + Arrays.stream(PoolControl.FlushMode.values()).map(PoolControl.FlushMode::label)
                            .collect(Collectors.joining(", "))))));
        }
        return control.flush(mode, caller(http));
    }

    /** The audit: runtime changes since startup, newest first. Memory only. */
    @GET
    @Path("actions")
    @NonBlocking
    public PoolActionsView actions() {
        return new PoolActionsView(PoolControl.ACTIONS_KEPT, control.actions());
    }

    private PoolLimitsView view(PoolAction action) {
        Integer available = serverView.lastView().map(ServerView::availableConnections).orElse(null);
        return new PoolLimitsView(control.configured(), control.effective(), control.overrides(),
                ConnectionBudget.of(control.effective().maxSize(), replicas, available), action);
    }

    private static String caller(HttpServerRequest http) {
        return http.remoteAddress() == null ? "unknown" : http.remoteAddress().hostAddress();
    }
}
