package io.poolguard.web;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An RFC 9457 problem detail, the body of every error response. {@code type} is {@code about:blank} when the status
 * says it all, a {@code urn:poolguard:problem:*} URI when a caller may want to act on the kind of problem; extension
 * members (e.g. {@code errors}, {@code running}) follow the standard members. Never carries a stack trace, a class
 * name or a secret.
 *
 * @param errors one entry per invalid request field, for 400s about input
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(URI type, String title, int status, String detail, List<InvalidField> errors,
        @JsonAnyGetter Map<String, Object> extensions) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final URI ABOUT_BLANK = URI.create("about:blank");
    /** Longest piece of the request (an id, a field name) repeated in a problem; longer ones are cut. */
    static final int ECHO_LIMIT = 64;

    /** A problem whose status says it all. */
    public static Problem of(Response.StatusType status, String detail) {
        return new Problem(ABOUT_BLANK, status.getReasonPhrase(), status.getStatusCode(), detail, null, Map.of());
    }

    /** A problem of a kind callers may act on: {@code urn:poolguard:problem:<kind>}. */
    public static Problem of(String kind, Response.StatusType status, String title, String detail) {
        return new Problem(URI.create("urn:poolguard:problem:" + kind), title, status.getStatusCode(), detail, null,
                Map.of());
    }

    /** 400 naming every invalid field. */
    public static Problem invalid(List<InvalidField> errors) {
        StringBuilder detail = new StringBuilder();
        for (InvalidField error : errors) {
            detail.append(detail.isEmpty() ? "" : "; ").append(error.field()).append(": ").append(error.detail());
        }
        return new Problem(URI.create("urn:poolguard:problem:invalid-request"), "Invalid request",
                Response.Status.BAD_REQUEST.getStatusCode(), detail.toString(), List.copyOf(errors), Map.of());
    }

    /**
     * Text from the request as a problem may repeat it: at most {@value #ECHO_LIMIT} characters (then an ellipsis),
     * control characters and lone surrogates as {@code ?}, so a hostile id or field name can neither make the answer
     * large, nor forge lines, nor break the JSON encoder.
     */
    public static String echo(String requestText) {
        StringBuilder text = new StringBuilder();
        int[] codePoints = requestText.codePoints().toArray();
        for (int i = 0; i < Math.min(codePoints.length, ECHO_LIMIT); i++) {
            int c = codePoints[i];
            text.appendCodePoint(Character.isISOControl(c) || Character.getType(c) == Character.SURROGATE ? '?' : c);
        }
        return codePoints.length > ECHO_LIMIT ? text.append('\u2026').toString() : text.toString();
    }

    /** This problem with one more extension member. */
    public Problem with(String member, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(extensions);
        more.put(member, value);
        return new Problem(type, title, status, detail, errors, Map.copyOf(more));
    }

    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }

    /** One invalid request field and what is wrong with it. */
    @RegisterForReflection
    public record InvalidField(String field, String detail) {
    }
}
