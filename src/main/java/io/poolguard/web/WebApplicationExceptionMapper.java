package io.poolguard.web;

import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * The framework's own refusals (no such path, wrong method, wrong content type, body too large) as problem+json,
 * keeping their status and headers such as {@code Allow}. The detail is ours, never the exception's message.
 */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Override
    public Response toResponse(WebApplicationException exception) {
        if (exception.getCause() instanceof JsonProcessingException json) {
            return JsonInputExceptionMapper.problem(json).toResponse();
        }
        Response original = exception.getResponse();
        Response.StatusType status = original.getStatusInfo();
        Response.ResponseBuilder response = Response.fromResponse(Problem.of(status, detail(exception)).toResponse());
        original.getStringHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(value -> response.header(name, value));
            }
        });
        return response.build();
    }

    private static String detail(WebApplicationException exception) {
        if (exception instanceof NotFoundException) {
            return "Nothing here: check the path";
        }
        if (exception instanceof NotAllowedException) {
            return "This path does not accept that method: see the Allow header";
        }
        if (exception instanceof NotAcceptableException) {
            return "This path answers JSON (a run's events: text/event-stream): accept that, or send no Accept";
        }
        if (exception instanceof NotSupportedException) {
            return "Send the body as JSON, with Content-Type: application/json";
        }
        int code = exception.getResponse().getStatus();
        if (code == 413) {
            return "The request body is too large";
        }
        return code >= 500 ? "The request could not be completed" : "The request was refused";
    }
}
