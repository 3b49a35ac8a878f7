package io.poolguard.cli;

import java.time.Duration;
import java.util.Locale;

/** How figures read in a command's lines: "?" for what the service did not say, units spelled the same everywhere. */
final class Text {

    private Text() {
    }

    static String of(Object value) {
        return value == null ? "?" : value.toString();
    }

    static String percent(Double ratio) {
        return ratio == null ? "?" : String.format(Locale.ROOT, "%.0f%%", ratio * 100);
    }

    static String millis(double millis) {
        return String.format(Locale.ROOT, millis < 10 ? "%.2f ms" : "%.1f ms", millis);
    }

    static String seconds(Double seconds) {
        if (seconds == null) {
            return "?";
        }
        return seconds < 10 ? String.format(Locale.ROOT, "%.1fs", seconds)
                : String.format(Locale.ROOT, "%.0fs", seconds);
    }

    static String duration(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 1000 != 0) {
            return String.format(Locale.ROOT, "%.3fs", millis / 1000.0).replaceAll("0+s$", "s");
        }
        long s = millis / 1000;
        return s % 3600 == 0 && s > 0 ? s / 3600 + "h" : s % 60 == 0 && s > 0 ? s / 60 + "m" : s + "s";
    }

    /** An ISO-8601 instant from the service, to the second. */
    static String instant(String iso) {
        if (iso == null) {
            return "?";
        }
        try {
            return java.time.Instant.parse(iso).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        } catch (java.time.format.DateTimeParseException e) {
            return iso;
        }
    }

    static String decimal(double value) {
        return String.format(Locale.ROOT, value < 10 ? "%.2f" : "%.1f", value);
    }
}
