package io.poolguard.monitor;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.smallrye.common.annotation.NonBlocking;

/** Recent monitor samples, newest first: an in-memory read, so it runs on the I/O thread. */
@Path("/api/v1/hc/database/history")
public class MonitorHistoryResource {

    private final SampleHistory history;
    private final MonitorConfig config;

    MonitorHistoryResource(SampleHistory history, MonitorConfig config) {
        this.history = history;
        this.config = config;
    }

    @GET
    @NonBlocking
    @Produces(MediaType.APPLICATION_JSON)
    public MonitorHistory history() {
        return new MonitorHistory(config.interval().toMillis() / 1000.0, history.capacity(), history.newestFirst());
    }
}
