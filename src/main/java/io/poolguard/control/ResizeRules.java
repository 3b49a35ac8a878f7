package io.poolguard.control;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.poolguard.pool.ConnectionBudget;
import io.poolguard.pool.PoolLimits;
import io.poolguard.web.Problem;
import io.poolguard.web.ProblemException;

/**
 * What a resize may ask for. {@link #parse} refuses malformed values; {@link #target} then checks the wanted limits
 * against the pool's current ones and the server, under {@code PoolControl}'s lock, so a refusal changes nothing.
 * Every refusal is a 400 naming the field.
 */
final class ResizeRules {

    /** Highest max-size accepted when the server's {@code max_connections} is unknown. */
    static final int ABSOLUTE_MAX_SIZE = 10_000;
    /** Longest acquisition timeout accepted: a borrower waiting longer outlives any sane request timeout. */
    static final Duration MAX_ACQUISITION_TIMEOUT = Duration.ofMinutes(10);

    private final Integer maxSize;
    private final Integer minSize;
    private final Duration acquisitionTimeout;
    private final boolean force;

    private ResizeRules(Integer maxSize, Integer minSize, Duration acquisitionTimeout, boolean force) {
        this.maxSize = maxSize;
        this.minSize = minSize;
        this.acquisitionTimeout = acquisitionTimeout;
        this.force = force;
    }

    static ResizeRules parse(ResizeRequest request) {
        if (request == null) {
            throw invalid("(body)", "a JSON object is required, e.g. {\"maxSize\": 40}");
        }
        List<Problem.InvalidField> errors = new ArrayList<>();
        Integer maxSize = wholeNumber("maxSize", request.maxSize(), 1, errors);
        Integer minSize = wholeNumber("minSize", request.minSize(), 0, errors);
        Duration timeout = duration("acquisitionTimeout", request.acquisitionTimeout(), errors);
        boolean force = false;
        if (present(request.force())) {
            if (request.force().isBoolean()) {
                force = request.force().booleanValue();
            } else {
                errors.add(new Problem.InvalidField("force", "must be true or false"));
            }
        }
        if (errors.isEmpty() && maxSize == null && minSize == null && timeout == null) {
            errors.add(new Problem.InvalidField("(body)",
                    "give at least one of maxSize, minSize, acquisitionTimeout"));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.invalid(errors));
        }
        return new ResizeRules(maxSize, minSize, timeout, force);
    }

    /**
     * The limits to apply, or a refusal: min-size above max-size, a max-size above the server's
     * {@code max_connections}, or a higher max-size that breaks the connection budget (or whose budget cannot be
     * known) without {@code force}.
     *
     * @param serverMaxConnections the server's {@code max_connections}, null when unknown
     * @param serverAvailable connections ordinary roles may open, null when unknown
     */
    PoolLimits target(PoolLimits current, int replicas, Integer serverMaxConnections, Integer serverAvailable) {
        PoolLimits target = current.with(maxSize, minSize, acquisitionTimeout);
        if (target.minSize() > target.maxSize()) {
            throw minSize != null
                    ? invalid("minSize", "must be <= max-size (" + target.maxSize() + ")")
                    : invalid("maxSize", "must be >= min-size (" + target.minSize()
                            + "): lower minSize in the same request");
        }
        int ceiling = serverMaxConnections == null ? ABSOLUTE_MAX_SIZE : serverMaxConnections;
        if (target.maxSize() > ceiling) {
            throw invalid("maxSize", "must be <= " + ceiling + (serverMaxConnections == null ? ""
                    : ", the server's max_connections: the pool could never open more"));
        }
        if (target.maxSize() > current.maxSize()) {
            ConnectionBudget budget = ConnectionBudget.of(target.maxSize(), replicas, serverAvailable);
            if (!force && !Boolean.TRUE.equals(budget.withinBudget())) {
                throw new ProblemException(Problem.invalid(List.of(new Problem.InvalidField("maxSize",
                        budget.verdict() + "; send \"force\": true to apply it anyway")))
                        .with("budget", budget));
            }
        }
        return target;
    }

    private static Integer wholeNumber(String field, JsonNode node, int min, List<Problem.InvalidField> errors) {
        if (!present(node)) {
            return null;
        }
        BigDecimal value = node.isNumber() ? node.decimalValue() : null;
        String problem = value == null || value.stripTrailingZeros().scale() > 0 ? "must be a whole number"
                : value.compareTo(BigDecimal.valueOf(min)) < 0 ? "must be >= " + min
                        : value.compareTo(BigDecimal.valueOf(ABSOLUTE_MAX_SIZE)) > 0
                                ? "must be <= " + ABSOLUTE_MAX_SIZE
                                : null;
        if (problem != null) {
            errors.add(new Problem.InvalidField(field, problem));
            return null;
        }
        return value.intValueExact();
    }

    private static Duration duration(String field, JsonNode node, List<Problem.InvalidField> errors) {
        if (!present(node)) {
            return null;
        }
        Duration value = null;
        if (node.isNumber()) {
            BigDecimal seconds = node.decimalValue();
            // anything past the ceiling is refused below; cap it first so that huge numbers do not overflow
            value = seconds.compareTo(BigDecimal.valueOf(MAX_ACQUISITION_TIMEOUT.toSeconds() + 1)) > 0
                    ? MAX_ACQUISITION_TIMEOUT.plusSeconds(1)
                    : Duration.ofNanos(seconds.movePointRight(9).longValue());
        } else if (node.isTextual()) {
            try {
                value = Duration.parse(node.textValue());
            } catch (DateTimeParseException | ArithmeticException e) {
                value = null;
            }
        }
        String problem;
        if (value == null) {
            problem = "must be seconds as a number (5) or an ISO-8601 duration (\"PT5S\")";
        } else if (value.isNegative() || value.isZero()) {
            problem = "must be > 0 (Agroal would wait forever)";
        } else if (value.toMillis() < 1) {
            problem = "must be at least 1 ms";
        } else if (value.compareTo(MAX_ACQUISITION_TIMEOUT) > 0) {
            problem = "must be <= " + MAX_ACQUISITION_TIMEOUT;
        } else {
            return value;
        }
        errors.add(new Problem.InvalidField(field, problem));
        return null;
    }

    private static boolean present(JsonNode node) {
        return node != null && !node.isNull() && !node.isMissingNode();
    }

    private static ProblemException invalid(String field, String detail) {
        return new ProblemException(Problem.invalid(List.of(new Problem.InvalidField(field, detail))));
    }
}
