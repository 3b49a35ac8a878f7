package io.poolguard.alerts;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.smallrye.common.annotation.NonBlocking;

/** Active alerts and recent transitions: an in-memory read, so it runs on the I/O thread. */
@Path("/api/v1/hc/alerts")
public class AlertsResource {

    private final AlertTracker tracker;

    AlertsResource(AlertTracker tracker) {
        this.tracker = tracker;
    }

    @GET
    @NonBlocking
    @Produces(MediaType.APPLICATION_JSON)
    public AlertsView alerts() {
        return tracker.view();
    }
}
