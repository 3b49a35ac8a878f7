package io.poolguard.web;

import java.util.List;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * A request body that is not the JSON expected: 400 naming the field when there is one. Jackson's own message is
 * not passed on, since it names Java classes. Also replaces Quarkus' built-in mapper for mismatched input, which
 * answers in another format and only in dev mode with details.
 */
public class JsonInputExceptionMapper {

    @ServerExceptionMapper({ JsonProcessingException.class, MismatchedInputException.class })
    public Response toResponse(JsonProcessingException exception) {
        return problem(exception).toResponse();
    }

    /** The problem for a body Jackson could not read (also when the framework wrapped the exception). */
    static Problem problem(JsonProcessingException exception) {
        String field = exception instanceof JsonMappingException mapping ? path(mapping) : "";
        String detail;
        if (exception instanceof UnrecognizedPropertyException unknown) {
            field = path(unknown);
            detail = "unknown field";
        } else if (exception instanceof JsonParseException parse && duplicateField(parse) != null) {
            return Problem.invalid(List.of(new Problem.InvalidField(Problem.echo(duplicateField(parse)),
                    "appears more than once")));
        } else if (exception instanceof JsonParseException) {
            return Problem.invalid(List.of(new Problem.InvalidField("(body)", exception.getLocation() == null
                    ? "malformed JSON"
                    : "malformed JSON at line " + exception.getLocation().getLineNr() + ", column "
                            + exception.getLocation().getColumnNr())));
        } else if (exception instanceof MismatchedInputException) {
            detail = "wrong type";
        } else {
            detail = "cannot be read";
        }
        return Problem.invalid(List.of(new Problem.InvalidField(field.isEmpty() ? "(body)" : Problem.echo(field),
                field.isEmpty() ? "must be one JSON object, with nothing after it" : detail)));
    }

    /**
     * The key of a {@code STRICT_DUPLICATE_DETECTION} refusal ({@link StrictJson}), or null for another parse error.
     * Jackson reports it as a plain parse error; its message is the only place that tells the two apart.
     */
    private static String duplicateField(JsonParseException exception) {
        String message = exception.getOriginalMessage();
        String prefix = "Duplicate field '";
        if (message == null || !message.startsWith(prefix) || !message.endsWith("'")) {
            return null;
        }
        return message.substring(prefix.length(), message.length() - 1);
    }

    /** {@code hold} or {@code items[2].name}: the JSON path of the offending value. */
    private static String path(JsonMappingException exception) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : exception.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
