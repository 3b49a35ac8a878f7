package io.poolguard.web;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * 415 for a {@link JsonBodyRequired} request whose {@code Content-Type} is missing, empty, unreadable or a wildcard
 * ({@code *}{@code /*}, {@code application/*}). JAX-RS lets those through to a {@code @Consumes(application/json)}
 * method, so a form post or a stray {@code curl -d} would be read as JSON. A concrete type other than JSON is already
 * refused by {@code @Consumes}. Runs after the API key check: a caller without the key learns nothing about the
 * request format.
 */
@Provider
@JsonBodyRequired
@Priority(Priorities.HEADER_DECORATOR)
public class JsonBodyFilter implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        String declared = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
        MediaType type;
        try {
            type = declared == null || declared.isBlank() ? null : MediaType.valueOf(declared.strip());
        } catch (IllegalArgumentException e) {
            type = null;
        }
        if (type == null || type.isWildcardType() || type.isWildcardSubtype()) {
            throw new ProblemException(Problem.of(Response.Status.UNSUPPORTED_MEDIA_TYPE,
                    "Send the body as JSON, with Content-Type: application/json"));
        }
    }
}
