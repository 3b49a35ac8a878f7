package io.poolguard.web;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Writes a {@link ProblemException} as its problem, with its headers. */
@Provider
public class ProblemExceptionMapper implements ExceptionMapper<ProblemException> {

    @Override
    public Response toResponse(ProblemException exception) {
        Response.ResponseBuilder response = Response.fromResponse(exception.problem().toResponse());
        exception.headers().forEach(response::header);
        return response.build();
    }
}
