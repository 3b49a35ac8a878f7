package io.poolguard.web;

import java.util.Map;

/**
 * Ends a request with a problem response. Thrown by resources and filters for conditions they recognise (bad input,
 * conflicts, unknown ids, missing keys); {@link ProblemExceptionMapper} writes it out.
 */
public class ProblemException extends RuntimeException {

    private final Problem problem;
    private final Map<String, String> headers;

    public ProblemException(Problem problem) {
        this(problem, Map.of());
    }

    /** A problem with response headers, such as {@code WWW-Authenticate} or {@code Retry-After}. */
    public ProblemException(Problem problem, Map<String, String> headers) {
        super(problem.title() + ": " + problem.detail(), null, false, false);
        this.problem = problem;
        this.headers = Map.copyOf(headers);
    }

    public Problem problem() {
        return problem;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
