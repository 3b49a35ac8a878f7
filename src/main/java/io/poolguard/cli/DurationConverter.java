package io.poolguard.cli;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Times as operators type them: plain seconds as the tuning note's script takes them ({@code 30}, {@code 0.5}),
 * with a unit ({@code 500ms}, {@code 10s}, {@code 1m}, {@code 1h}) or ISO-8601 ({@code PT0.5S}). Never negative.
 */
public final class DurationConverter implements ITypeConverter<Duration> {

    private static final Pattern NUMBER_WITH_UNIT = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)?");

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    static Duration parse(String value) {
        String text = value.strip().toLowerCase(Locale.ROOT);
        if (text.startsWith("-")) {
            throw new TypeConversionException("'" + value + "' is negative: a time is >= 0");
        }
        if (text.startsWith("pt") || text.startsWith("p")) {
            try {
                return Duration.parse(text.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw invalid(value);
            }
        }
        Matcher m = NUMBER_WITH_UNIT.matcher(text);
        if (!m.matches()) {
            throw invalid(value);
        }
        BigDecimal amount = new BigDecimal(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        BigDecimal nanosPerUnit = switch (unit) {
            case "ms" -> BigDecimal.valueOf(1_000_000L);
            case "m" -> BigDecimal.valueOf(60_000_000_000L);
            case "h" -> BigDecimal.valueOf(3_600_000_000_000L);
            default -> BigDecimal.valueOf(1_000_000_000L);
        };
        try {
            return Duration.ofNanos(amount.multiply(nanosPerUnit).longValueExact());
        } catch (ArithmeticException e) {
            throw invalid(value);
        }
    }

    private static TypeConversionException invalid(String value) {
        return new TypeConversionException("'" + value + "' is not a time: use seconds (30, 0.5), 500ms, 10s, 1m, 1h"
                + " or ISO-8601 (PT0.5S)");
    }
}
