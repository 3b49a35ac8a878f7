package io.poolguard.database;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestResponse;

import io.poolguard.server.ServerClients;
import io.poolguard.server.ServerSample;
import io.poolguard.server.ServerView;
import io.poolguard.server.ServerViewConfig;
import io.poolguard.server.ServerViewSource;
import io.smallrye.common.annotation.NonBlocking;

/**
 * Every client application on the server, as the monitor's last server view saw it: a memory read (never a query
 * per request), so it runs on the I/O thread. The monitor's interval sets how fresh it is.
 */
@Path("/api/v1/hc/database/clients")
public class ClientsResource {

    private final ServerViewSource serverView;
    private final boolean showQueries;

    ClientsResource(ServerViewSource serverView, ServerViewConfig config) {
        this.serverView = serverView;
        this.showQueries = config.showQueries();
    }

    @GET
    @NonBlocking
    @Produces(MediaType.APPLICATION_JSON)
    public RestResponse<ClientsView> clients() {
        ServerSample latest = serverView.latest();
        ServerClients clients = serverView.lastClients().orElse(null);
        ServerView view = serverView.lastView().orElse(null);
        ClientsView body;
        if (clients == null || view == null) {
            body = new ClientsView(latest.status(), null, null, null, false,
                    "no server view has been read yet", 0, showQueries, 0, List.of(), new ClientsView.Other(0, 0));
        } else {
            int listed = clients.listed().size();
            body = new ClientsView(latest.status(), view.takenAt(), Duration.between(view.takenAt(), Instant.now()),
                    clients.sinceLastSample(), clients.complete(), visibility(clients), clients.hiddenSessions(),
                    showQueries, clients.clients(), clients.listed(),
                    new ClientsView.Other(Math.max(0, clients.clients() - listed), clients.otherSessions()));
        }
        return RestResponse.ResponseBuilder.ok(body).header("Cache-Control", "no-store").build();
    }

    private static String visibility(ServerClients clients) {
        if (clients.complete()) {
            return "complete: PoolGuard's role reads every session's details (pg_monitor or pg_read_all_stats)";
        }
        return "partial: PoolGuard's role lacks pg_monitor, so " + clients.hiddenSessions() + " session(s) of other"
                + " roles show no state, address or ages; their counts by state and their ages are missing here."
                + " Grant it: GRANT pg_monitor TO <role>";
    }
}
