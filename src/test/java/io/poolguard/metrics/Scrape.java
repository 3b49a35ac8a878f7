package io.poolguard.metrics;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.startsWith;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Prometheus text-format scrape of {@code /q/metrics}, parsed just enough for assertions: the {@code # TYPE}
 * of each family and the value of each series.
 */
public record Scrape(String text, Map<String, String> types, List<Series> series) {

    static final String PATH = "/q/metrics";

    /** The Accept header Prometheus 2.x sends when it scrapes. */
    static final String PROMETHEUS_ACCEPT = "application/openmetrics-text;version=1.0.0,"
            + "application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    private static final Pattern TYPE = Pattern.compile("^# TYPE (\\S+) (\\S+)$");
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)(?: \\S+)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    public record Series(String name, Map<String, String> labels, double value) {
    }

    /**
     * Scrapes the endpoint over HTTP with Prometheus's own Accept header; fails unless it answers 200 with the text
     * format 0.0.4 that header negotiates (the format promtool checks).
     */
    public static Scrape fetch() {
        String body = given().header("Accept", PROMETHEUS_ACCEPT).when().get(PATH)
                .then().statusCode(200).contentType(startsWith("text/plain; version=0.0.4"))
                .extract().asString();
        return parse(body);
    }

    static Scrape parse(String text) {
        Map<String, String> types = new LinkedHashMap<>();
        List<Series> series = new ArrayList<>();
        for (String line : text.split("\n")) {
            Matcher type = TYPE.matcher(line);
            if (type.matches()) {
                types.put(type.group(1), type.group(2));
                continue;
            }
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches()) {
                throw new AssertionError("not a Prometheus sample line: " + line);
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (sample.group(2) != null) {
                Matcher label = LABEL.matcher(sample.group(2));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            series.add(new Series(sample.group(1), labels, parseValue(sample.group(3))));
        }
        return new Scrape(text, types, series);
    }

    /** The family's {@code # TYPE}, empty when the family is absent. */
    Optional<String> type(String family) {
        return Optional.ofNullable(types.get(family));
    }

    /** The value of the one series with this name whose labels include {@code labels}; empty when none. */
    OptionalDouble value(String name, Map<String, String> labels) {
        List<Series> matching = series.stream()
                .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
                .toList();
        if (matching.size() > 1) {
            throw new AssertionError(matching.size() + " series match " + name + labels + ": " + matching);
        }
        return matching.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(matching.get(0).value());
    }

    OptionalDouble value(String name) {
        return value(name, Map.of());
    }

    private static double parseValue(String value) {
        return switch (value) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(value);
        };
    }
}
