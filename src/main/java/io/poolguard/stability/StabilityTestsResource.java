package io.poolguard.stability;

import java.net.URI;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import io.poolguard.web.ApiKeyRequired;
import io.poolguard.web.JsonBodyRequired;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Stability tests: bursts of connection operations through the real pool (or around it), with live progress and a
 * verdict. Every endpoint needs the API key: starting, cancelling and listing change or reveal what runs against
 * the database, and a run's figures (server limits, failure messages) are not for anyone who reaches the port.
 */
@Path("/api/v1/hc/stability-tests")
@ApiKeyRequired
@Produces(MediaType.APPLICATION_JSON)
public class StabilityTestsResource {

    private final StabilityRuns runs;
    private final BurstCap burstCap;
    private final StabilityConfig config;

    StabilityTestsResource(StabilityRuns runs, BurstCap burstCap, StabilityConfig config) {
        this.runs = runs;
        this.burstCap = burstCap;
        this.config = config;
    }

    /** Starts a run: 202 with its view and {@code Location}. Blocking: a fresh run's cap may query the server. */
    @POST
    @Blocking
    @Consumes(MediaType.APPLICATION_JSON)
    @JsonBodyRequired
    public Response start(StabilityRequest request, @Context UriInfo uri) {
        RunSpec spec = RunSpecParser.parse(request, config);
        burstCap.check(spec);
        RunView run = runs.start(spec);
        URI location = uri.getAbsolutePathBuilder().path(run.id()).build();
        return Response.accepted(run).location(location).build();
    }

    /** Recent runs, newest first. */
    @GET
    public List<RunView> list() {
        return runs.list();
    }

    @GET
    @Path("{id}")
    public RunView get(@PathParam("id") String id) {
        return runs.view(runs.require(id));
    }

    /**
     * Server-sent events: {@code progress} with the run's view every {@code events-interval} (at most a second) while
     * it runs, then one {@code result} with the final view, then the stream ends.
     */
    @GET
    @Path("{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> events(@PathParam("id") String id, @Context Sse sse) {
        StabilityRun run = runs.require(id);
        Multi<OutboundSseEvent> progress = Multi.createFrom().ticks()
                .startingAfter(java.time.Duration.ofMillis(1)).every(config.eventsInterval())
                .onOverflow().drop()
                .map(tick -> runs.view(run))
                .select().first(view -> !view.state().isFinished())
                .map(view -> event(sse, "progress", view));
        Multi<OutboundSseEvent> result = Uni.createFrom().completionStage(run.finished())
                .map(view -> event(sse, "result", view)).toMulti();
        return Multi.createBy().concatenating().streams(progress, result);
    }

    /** Cancels a run: 200 with the final view once it has stopped, 202 if it is still stopping. */
    @DELETE
    @Path("{id}")
    @Blocking
    public Response cancel(@PathParam("id") String id) {
        StabilityRun run = runs.require(id);
        boolean stopped = runs.cancel(run);
        return Response.status(stopped ? Response.Status.OK : Response.Status.ACCEPTED).entity(runs.view(run))
                .build();
    }

    private static OutboundSseEvent event(Sse sse, String name, RunView view) {
        return sse.newEventBuilder().name(name).id(Long.toString(view.progress().done()))
                .mediaType(MediaType.APPLICATION_JSON_TYPE).data(RunView.class, view).build();
    }
}
