package io.poolguard.database;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestResponse;

import io.smallrye.mutiny.Uni;

/**
 * The detailed database view: 200 when the database is usable, 503 with {@code Retry-After} when not, never
 * cached. {@link DatabaseViewService} answers within the health budget without blocking the event loop.
 */
@Path("/api/v1/hc/database")
public class DatabaseViewResource {

    private final DatabaseViewService service;

    DatabaseViewResource(DatabaseViewService service) {
        this.service = service;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<DatabaseView>> database() {
        return service.view().map(view -> {
            if (view.failure() == null) {
                return RestResponse.ResponseBuilder.ok(view).header("Cache-Control", "no-store").build();
            }
            return RestResponse.ResponseBuilder.create(RestResponse.Status.SERVICE_UNAVAILABLE, view)
                    .header("Cache-Control", "no-store")
                    .header("Retry-After", Math.max(1, service.retryAfter().toSeconds()))
                    .build();
        });
    }
}
