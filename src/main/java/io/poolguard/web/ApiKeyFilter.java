package io.poolguard.web;

import java.util.Map;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * Guards {@link ApiKeyRequired} endpoints: the key comes in {@code X-API-Key} or {@code Authorization: Bearer} and is
 * compared in constant time. Without a configured key the endpoints are off (403), so a deployment that forgot the
 * key cannot be driven by anyone who reaches the port. Runs before the body is read: a caller without the key
 * learns nothing about the request format.
 */
@Provider
@ApiKeyRequired
@Priority(Priorities.AUTHENTICATION)
public class ApiKeyFilter implements ContainerRequestFilter {

    public static final String HEADER = "X-API-Key";
    private static final String BEARER = "Bearer ";

    private final ApiKey key;

    public ApiKeyFilter(ApiKey key) {
        this.key = key;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (!key.isConfigured()) {
            throw new ProblemException(Problem.of("api-key-not-configured", Response.Status.FORBIDDEN,
                    "Endpoint disabled", "This endpoint is off because no API key is configured: set the"
                            + " POOLGUARD_API_KEY environment variable (config poolguard.api-key) and send it in the"
                            + " X-API-Key header or as Authorization: Bearer <key>"));
        }
        String presented = presentedKey(request);
        if (presented == null) {
            throw unauthorized("Send the API key in the X-API-Key header or as Authorization: Bearer <key>");
        }
        if (!key.matches(presented)) {
            throw unauthorized("The API key is not valid");
        }
    }

    private static String presentedKey(ContainerRequestContext request) {
        String header = request.getHeaderString(HEADER);
        if (header != null && !header.isBlank()) {
            return header.strip();
        }
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return authorization.substring(BEARER.length()).strip();
        }
        return null;
    }

    private static ProblemException unauthorized(String detail) {
        return new ProblemException(Problem.of("api-key-required", Response.Status.UNAUTHORIZED,
                "API key required", detail), Map.of(HttpHeaders.WWW_AUTHENTICATE, "Bearer"));
    }
}
