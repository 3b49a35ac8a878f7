package io.poolguard.stability;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import io.poolguard.web.Problem;
import io.poolguard.web.ProblemException;

/**
 * Turns a request body into a {@link RunSpec} within the configured limits, or refuses it naming every wrong field.
 * Limits that depend on the pool or the server (the burst cap) are checked by {@link BurstCap}.
 */
final class RunSpecParser {

    static final Duration DEFAULT_INTERVAL = Duration.ofMillis(500);
    private static final BigDecimal ONE_NANOSECOND = BigDecimal.ONE.movePointLeft(9);
    private static final BigDecimal BEYOND_ANY_LIMIT = BigDecimal.valueOf(Double.MAX_VALUE).multiply(BigDecimal.TEN);
    private static final String DURATION_FORMS = "seconds as a number (0.5) or an ISO-8601 duration (\"PT0.5S\")";

    private final StabilityConfig limits;
    private final List<Problem.InvalidField> errors = new ArrayList<>();

    private RunSpecParser(StabilityConfig limits) {
        this.limits = limits;
    }

    static RunSpec parse(StabilityRequest request, StabilityConfig limits) {
        if (request == null) {
            throw new ProblemException(Problem.invalid(List.of(new Problem.InvalidField("(body)",
                    "a JSON object is required, e.g. {\"count\": 100, \"interval\": 0.5}"))));
        }
        return new RunSpecParser(limits).spec(request);
    }

    private RunSpec spec(StabilityRequest request) {
        Long count = wholeNumber("count", request.count(), null, limits.maxCount());
        Duration interval = duration("interval", request.interval(), DEFAULT_INTERVAL, Duration.ZERO,
                limits.maxInterval());
        Long burst = wholeNumber("burst", request.burst(), 1L, Integer.MAX_VALUE);
        Mode mode = mode(request.mode());
        Duration hold = null;
        if (mode == Mode.HOLD) {
            hold = duration("hold", request.hold(), null, Duration.ofNanos(1), limits.maxHold());
        } else if (mode != null && present(request.hold())) {
            errors.add(new Problem.InvalidField("hold", "applies to mode hold only"));
        }
        Duration timeout = present(request.timeout())
                ? duration("timeout", request.timeout(), null, Duration.ofNanos(1), limits.maxTimeout())
                : null;
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.invalid(errors));
        }
        return new RunSpec(count, interval, burst.intValue(), mode, hold, timeout);
    }

    private Long wholeNumber(String field, JsonNode node, Long fallback, long max) {
        if (!present(node)) {
            return required(field, fallback);
        }
        BigDecimal value = node.isNumber() ? decimal(node) : null;
        if (value == null || value.stripTrailingZeros().scale() > 0) {
            return invalid(field, "must be a whole number");
        }
        if (value.signum() <= 0) {
            return invalid(field, "must be >= 1");
        }
        if (value.compareTo(BigDecimal.valueOf(max)) > 0) {
            return invalid(field, "must be <= " + max);
        }
        return value.longValueExact();
    }

    private Duration duration(String field, JsonNode node, Duration fallback, Duration min, Duration max) {
        if (!present(node)) {
            return required(field, fallback);
        }
        Duration value;
        if (node.isNumber()) {
            BigDecimal seconds = decimal(node);
            if (seconds.signum() < 0) {
                return invalid(field, atLeast(min));
            }
            if (seconds.compareTo(BigDecimal.valueOf(max.getSeconds() + 1)) > 0) {
                return invalid(field, "must be <= " + max);
            }
            // below a nanosecond is zero; checked first, since scaling 1e-999999 down to nanoseconds costs a lot
            value = seconds.compareTo(ONE_NANOSECOND) < 0 ? Duration.ZERO
                    : Duration.ofNanos(seconds.movePointRight(9).longValue());
        } else if (node.isTextual()) {
            try {
                value = Duration.parse(node.textValue());
            } catch (DateTimeParseException | ArithmeticException e) {
                return invalid(field, "must be " + DURATION_FORMS);
            }
        } else {
            return invalid(field, "must be " + DURATION_FORMS);
        }
        if (value.compareTo(min) < 0) {
            return invalid(field, atLeast(min));
        }
        if (value.compareTo(max) > 0) {
            return invalid(field, "must be <= " + max);
        }
        return value;
    }

    /**
     * The exact value of a JSON number. Jackson reads a literal beyond a double's range ({@code 1e309},
     * {@code -1.8e308}) as an infinite double, which has no decimal value: it stands for a number beyond every
     * limit, with its sign, so the range checks name the field.
     */
    private static BigDecimal decimal(JsonNode number) {
        if (number.isFloatingPointNumber() && !Double.isFinite(number.doubleValue())) {
            return number.doubleValue() > 0 ? BEYOND_ANY_LIMIT : BEYOND_ANY_LIMIT.negate();
        }
        return number.decimalValue();
    }

    private static String atLeast(Duration min) {
        return min.isZero() ? "must be >= 0" : "must be > 0";
    }

    private Mode mode(JsonNode node) {
        if (!present(node)) {
            return Mode.POOLED;
        }
        Mode mode = node.isTextual() ? Mode.of(node.textValue()).orElse(null) : null;
        if (mode == null) {
            return invalid("mode", "must be one of "
                    + Arrays.stream(Mode.values()).map(Mode::label).collect(Collectors.joining(", ")));
        }
        return mode;
    }

    private static boolean present(JsonNode node) {
        return node != null && !node.isNull() && !node.isMissingNode();
    }

    private <T> T required(String field, T fallback) {
        return fallback != null ? fallback : invalid(field, "is required");
    }

    private <T> T invalid(String field, String detail) {
        errors.add(new Problem.InvalidField(field, detail));
        return null;
    }
}
