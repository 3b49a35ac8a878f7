package io.poolguard.web;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

import io.poolguard.testing.ApiKeyTestResource;
import io.poolguard.testing.RawHttp.Request;

/**
 * Generates hostile requests from a seed, each with what a correct service must answer. Values are drawn from
 * tables at and beyond every edge of every field (including literals no double can hold), so a generated run
 * body is invalid by construction and the generator knows exactly which fields a 400 must name. Around the bodies:
 * every content type, trailing and concatenated JSON, duplicate keys, deep nesting, unusual methods on every path,
 * long paths and headers, control bytes. Limits are the defaults the packaged application runs with.
 */
final class HostileRequests {

    static final String RUNS = "/api/v1/hc/stability-tests";
    static final Set<String> READ_ONLY = Set.of("/api/v1/hc/health", "/api/v1/hc/health/live",
            "/api/v1/hc/health/ready", "/api/v1/hc/health/started", "/q/metrics");
    static final String BODY = "(body)";

    /**
     * What the answer must be. {@code fields}: the exact set a 400 must name, or, when {@code fieldsAtMost}, a
     * non-empty subset of it. {@code protocol}: the HTTP layer may refuse it on its own (400, 414, 431, empty body).
     */
    record Expected(Set<Integer> statuses, Set<String> fields, boolean fieldsAtMost, boolean protocol,
            boolean readOnlyRefusal) {

        static Expected status(Integer... statuses) {
            return new Expected(Set.of(statuses), Set.of(), false, false, false);
        }

        static Expected invalid(Set<String> fields, boolean atMost) {
            return new Expected(Set.of(400), Set.copyOf(fields), atMost, false, false);
        }

        /** Any answer but a 5xx or a started run; 4xx as problem+json. */
        static Expected anyClientError() {
            return new Expected(Set.of(), Set.of(), false, false, false);
        }

        Expected orProtocolRefusal() {
            return new Expected(statuses, fields, fieldsAtMost, true, readOnlyRefusal);
        }
    }

    record Case(String kind, Request request, Expected expected) {
    }

    /** A JSON value as text, and whether the field accepts it. */
    private record Value(String json, boolean valid) {
    }

    private static final int POOL_BURST_CAP = 15; // burst-share 0.5 of the default max-size 30

    private static final List<String> INFINITE = List.of("1e309", "-1e309", "1.8e308", "-1.8e308", "1e400",
            "-1e400", "1E+999", "-1E999");
    private static final List<String> NOT_NUMBERS = List.of("\"10\"", "true", "false", "[]", "{}", "[1]",
            "{\"value\": 1}", "\"\"", "\"1e3\"");

    private static final List<Value> COUNT = values(
            List.of("1", "10000000", "5", "5.0", "1e1", "1E+1", "9999999", "1.0e7"),
            concat(INFINITE, NOT_NUMBERS, List.of("0", "-1", "-0", "-0.0", "0.0", "10000001", "1.5", "0.5",
                    "1e-400", "4.9e-324", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
                    "1" + "0".repeat(400), "null")));
    private static final List<Value> INTERVAL = values(
            List.of("0", "0.0", "-0", "-0.0", "0.5", "3600", "3600.0", "1e-400", "4.9e-324", "1e-10",
                    "0.000000001", "\"PT0S\"", "\"PT1H\"", "\"PT0.5S\"", "\"PT59M59.999999999S\"", "\"PT-0S\"",
                    "null"),
            concat(INFINITE, List.of("-1", "-0.000000001", "-4.9e-324", "3600.000000001", "3601", "\"PT1H0.000000001S\"",
                    "\"PT-1S\"", "\"P1D\"", "\"soon\"", "\"\"", "true", "[]", "{}", "\"PT9999999999999999999H\"",
                    "\"0.5\"", "1" + "0".repeat(400))));
    private static final List<Value> BURST_PARSE = values(List.of("1", "1.0", "null"),
            concat(INFINITE, NOT_NUMBERS, List.of("0", "-1", "1.5", "2147483648", "9223372036854775808",
                    "1e-400")));
    private static final List<Value> BURST_POOL = values(List.of("2", "15", "15.0", "1.5e1"), List.of());
    private static final List<String> BURST_OVER_CAP = List.of("16", "30", "2147483647", "1000");
    private static final List<Value> MODE = values(List.of("\"pooled\"", "\"fresh\"", "\"hold\"", "null"),
            List.of("\"sql\"", "\"POOLED\"", "\"Hold\"", "\"\"", "\" pooled\"", "3", "true", "[]", "{}",
                    "\"pooled\\u0000\""));
    private static final List<Value> HOLD = values(
            List.of("0.000000001", "600", "600.0", "\"PT10M\"", "\"PT0.000000001S\"", "0.5"),
            concat(INFINITE, List.of("0", "-1", "1e-10", "600.000000001", "601", "\"PT10M0.000000001S\"",
                    "\"PT0S\"", "\"x\"", "true", "[]", "null")));
    private static final List<Value> TIMEOUT = values(
            List.of("0.000000001", "300", "\"PT5M\"", "0.5", "null"),
            concat(INFINITE, List.of("0", "-1", "1e-10", "1e-400", "300.000000001", "301",
                    "\"PT5M0.000000001S\"", "\"\"", "true", "{}")));
    private static final List<String> UNKNOWN_FIELDS = List.of("sql", "Count", "count ", "", "__proto__",
            "x".repeat(300), "c\\u0000unt", "\\ud83d\\ude00");

    private static final List<String> JSON_TYPES = List.of("application/json", "application/json; charset=utf-8",
            "APPLICATION/JSON", "application/json;charset=UTF-8");
    private static final List<String> OTHER_TYPES = List.of("(none)", "", " ", "*/*", "application/*",
            "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
            "application/xml", "application/problem+json", "application/json-patch+json", "text/json", "json",
            ";;;", "application/json/extra", "application/json, text/plain", "\u00e9/\u00e9");
    private static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "TRACE",
            "OPTIONS", "PROPFIND", "FOO", "get", "Post", "M-SEARCH");
    private static final List<String> PATHS = List.of("/api/v1/hc/health", "/api/v1/hc/health/live",
            "/api/v1/hc/health/ready", "/api/v1/hc/health/started", "/q/metrics", "/api/v1/hc/database",
            "/api/v1/hc/database/history", "/api/v1/hc/alerts", RUNS, RUNS + "/00000000-0000-0000-0000-000000000000",
            RUNS + "/00000000-0000-0000-0000-000000000000/events", "/api/v1/hc/health/well",
            "/api/v1/hc/health/group", "/api/v1/hc/health/group/live", "/q/health", "/q/dev-ui", "/q/metrics/x",
            "/", "/nope", "/api/v1/hc", "/q", "/api/v1/hc/health/ready/", "//api/v1/hc/health/ready",
            "/api/v1/hc/%68ealth/ready", "/api/v1/hc/health/./ready", "/api/v1/hc/x/../health/ready",
            "/api/v1/hc/health/ready;x=1", "/api/v1/hc/health/ready?x=1&x=2", "/api/v1/hc/database?a=%00",
            "/api/v1/hc/health/%2e%2e/database", "/api/v1/hc/database/%2F..", RUNS + "/..%2f..%2fdatabase",
            RUNS + "/%00", RUNS + "/%E2%80%AE", "/api/v1/hc/health/READY");
    private static final List<String> ACCEPTS = List.of("application/json", "text/html", "application/xml",
            "*/*", ";;", "application/openmetrics-text; version=1.0.0", "text/plain; version=0.0.4", "", "x/y");
    private static final List<String> BAD_KEYS = List.of("", "wrong", ApiKeyTestResource.API_KEY + " x",
            ApiKeyTestResource.API_KEY.substring(1), ApiKeyTestResource.API_KEY.toUpperCase(),
            "k".repeat(2000), "\u00e9t\u00e9");

    /** No Host at all (null), and values Vert.x does not take for a host and port. */
    private static final List<String> BAD_HOSTS = Arrays.asList(null, "a b", "[::1", "localhost:99999999",
            "localhost:-1", "@", "a@b", "a/b", "a:b", "\u00e9t\u00e9");

    private final SplittableRandom random;

    HostileRequests(long seed) {
        this.random = new SplittableRandom(seed);
    }

    Case next() {
        int kind = random.nextInt(100);
        if (kind < 45) {
            return runBody();
        } else if (kind < 55) {
            return contentType();
        } else if (kind < 62) {
            return withoutKey();
        } else if (kind < 80) {
            return method();
        } else if (kind < 86) {
            return longPathOrHeader();
        } else if (kind < 92) {
            return unknownId();
        } else if (kind < 96) {
            return controlBytes();
        } else {
            return badHost();
        }
    }

    private static Request startRun(String contentType, String body) {
        Request request = Request.of("POST", RUNS).header("X-API-Key", ApiKeyTestResource.API_KEY).body(body);
        return contentType == null ? request : request.header("Content-Type", contentType);
    }

    /** A run body wrong in at least one field, or wrong as a whole; a JSON content type and the key. */
    private Case runBody() {
        Map<String, Value> fields = new LinkedHashMap<>();
        String mode = null;
        boolean modeValid = true;
        if (chance(70)) {
            Value m = pick(MODE);
            fields.put("mode", m);
            modeValid = m.valid();
            mode = m.valid() && !m.json().equals("null") ? m.json().replace("\"", "") : "pooled";
        } else {
            mode = "pooled";
        }
        boolean overCap = false;
        if (chance(85)) {
            fields.put("count", pick(COUNT));
        }
        if (chance(60)) {
            fields.put("interval", pick(INTERVAL));
        }
        if (chance(50)) {
            if (!mode.equals("fresh") && chance(40)) {
                if (chance(50)) {
                    fields.put("burst", new Value(pick(BURST_OVER_CAP), true));
                    overCap = true;
                } else {
                    fields.put("burst", pick(BURST_POOL));
                }
            } else {
                fields.put("burst", pick(BURST_PARSE));
            }
        }
        if (mode.equals("hold") ? chance(85) : chance(15)) {
            fields.put("hold", pick(HOLD));
        }
        if (chance(40)) {
            fields.put("timeout", pick(TIMEOUT));
        }
        Set<String> invalid = invalidFields(fields, mode, modeValid);
        if (invalid.isEmpty() && !overCap) {
            // a valid body would start a run: spoil the count at one of its edges
            fields.put("count", new Value(pick(List.of("0", "10000001", "1e309", "-1e309", "1.5")), false));
            invalid = invalidFields(fields, mode, modeValid);
        }
        Set<String> expected = invalid.isEmpty() ? Set.of("burst") : invalid;
        List<String> keys = new ArrayList<>(fields.keySet());
        shuffle(keys);

        int wholeBody = random.nextInt(100);
        if (wholeBody < 12) {
            String unknown = pick(UNKNOWN_FIELDS);
            keys.add(random.nextInt(keys.size() + 1), unknown);
            fields.put(unknown, new Value("1", false));
            // Jackson stops at the unknown field, before any value is looked at
            return body("unknown field", object(keys, fields), Expected.invalid(Set.of(shown(unknown)), false));
        } else if (wholeBody < 22) {
            String after = pick(List.of(" trailing", "{\"count\":2}", " 7", "[]", " {", ",", "}", " null",
                    "\"x\"", "{}"));
            return body("trailing content", object(keys, fields) + after, Expected.invalid(Set.of(BODY), false));
        } else if (wholeBody < 32 && !keys.isEmpty()) {
            String twice = pick(keys);
            String body = object(keys, fields);
            body = body.substring(0, body.length() - 1) + ", \"" + escapeSometimes(twice) + "\": "
                    + pick(COUNT).json() + "}";
            return body("duplicate key", body, Expected.invalid(Set.of(twice), false));
        } else if (wholeBody < 38) {
            String whole = pick(List.of("[1, 2]", "\"count\"", "42", "null", "true", "", " ", "[]",
                    "[{\"count\": 1}]", "\ufeff"));
            return body("not an object", whole, Expected.invalid(Set.of(BODY), false));
        } else if (wholeBody < 44) {
            int depth = pick(List.of(2, 50, 999, 1000, 1001, 3000, 7000));
            String nested = "[".repeat(depth) + "1" + "]".repeat(depth);
            Map<String, Value> deep = new LinkedHashMap<>(fields);
            deep.put("count", new Value(nested, false));
            List<String> deepKeys = new ArrayList<>(keys);
            if (!deepKeys.contains("count")) {
                deepKeys.add("count");
            }
            Set<String> atMost = new TreeSet<>(invalidFields(deep, mode, modeValid));
            atMost.add(BODY);
            return body("deep nesting " + depth, object(deepKeys, deep), Expected.invalid(atMost, true));
        } else if (wholeBody < 50) {
            String body = object(keys, fields);
            int cut = 1 + random.nextInt(Math.max(1, body.length() - 1));
            Set<String> atMost = new TreeSet<>(fields.keySet());
            atMost.add(BODY);
            return body("truncated", body.substring(0, Math.min(cut, body.length() - 1)),
                    Expected.invalid(atMost, true));
        }
        return body("fields", object(keys, fields), Expected.invalid(expected, false));
    }

    /** An unknown field's name as a problem names it: decoded, cut, controls as ?, an empty one as the body. */
    private static String shown(String unknown) {
        if (unknown.isEmpty()) {
            return BODY;
        }
        String decoded = unknown.replace("\\u0000", "?").replace("\\ud83d\\ude00", "\ud83d\ude00");
        return decoded.length() > Problem.ECHO_LIMIT ? decoded.substring(0, Problem.ECHO_LIMIT) + "\u2026" : decoded;
    }

    private Case body(String what, String body, Expected expected) {
        return new Case("run body: " + what, startRun(pick(JSON_TYPES), body), expected);
    }

    /** Which fields the parser must name, given the values and the mode they were drawn with. */
    private static Set<String> invalidFields(Map<String, Value> fields, String mode, boolean modeValid) {
        Set<String> invalid = new TreeSet<>();
        Value count = fields.get("count");
        if (count == null || !count.valid() || count.json().equals("null")) {
            invalid.add("count");
        }
        for (String field : List.of("interval", "burst", "timeout")) {
            if (fields.containsKey(field) && !fields.get(field).valid()) {
                invalid.add(field);
            }
        }
        if (!modeValid) {
            invalid.add("mode");
        } else {
            Value hold = fields.get("hold");
            boolean holdGiven = hold != null && !hold.json().equals("null");
            if (mode.equals("hold") ? hold == null || !hold.valid() : holdGiven) {
                invalid.add("hold");
            }
        }
        return invalid;
    }

    private String object(List<String> keys, Map<String, Value> fields) {
        StringBuilder json = new StringBuilder("{");
        for (String key : keys) {
            json.append(json.length() > 1 ? "," : "").append(pick(List.of("", " ", "\n", "\t")))
                    .append('"').append(escapeSometimes(key)).append("\":").append(fields.get(key).json());
        }
        return json.append('}').toString();
    }

    /** The same key with one letter as a JSON escape, which Jackson must read as the same key. */
    private String escapeSometimes(String key) {
        if (key.length() < 2 || key.contains("\\") || !chance(15)) {
            return key;
        }
        int at = random.nextInt(key.length());
        return key.substring(0, at) + String.format("\\u%04x", (int) key.charAt(at)) + key.substring(at + 1);
    }

    /** A body, valid or not, sent without a concrete JSON content type: 415 before the body is read. */
    private Case contentType() {
        String type = pick(OTHER_TYPES);
        String body = chance(50) ? "{\"count\": 1}" : "{\"count\": 1, \"interval\": 0, \"burst\": 1}";
        Expected expected = Expected.status(415);
        return new Case("content type [" + type + "]", startRun(type.equals("(none)") ? null : type, body),
                expected);
    }

    /** No key, a wrong one, or one almost right: 401 whatever else the request says. */
    private Case withoutKey() {
        Request request = Request.of("POST", RUNS).body(chance(50) ? "{\"count\": 1}" : pick(COUNT).json());
        boolean json = true;
        if (chance(70)) {
            json = chance(50);
            request = request.header("Content-Type", pick(json ? JSON_TYPES : OTHER_TYPES.subList(1, 6)));
        }
        if (chance(75)) {
            String key = pick(BAD_KEYS);
            request = chance(50) ? request.header("X-API-Key", key) : request.header("Authorization",
                    pick(List.of("Bearer ", "bearer ", "Basic ", "")) + key);
        }
        // a type that @Consumes cannot match is refused (415) before any filter runs, the key check included
        return new Case("without the key", request, json ? Expected.status(401) : Expected.status(401, 415));
    }

    /** Every method on every path: read-only paths refuse all but GET and HEAD; no 2xx for anything unsafe. */
    private Case method() {
        String method = pick(METHODS);
        String path = pick(PATHS);
        Request request = Request.of(method, path);
        if (chance(60)) {
            request = request.header("X-API-Key", ApiKeyTestResource.API_KEY);
        }
        if (chance(30)) {
            request = request.header("Accept", pick(ACCEPTS));
        }
        if (!method.equals("GET") && !method.equals("HEAD") && chance(50)) {
            request = request.header("Content-Type", pick(JSON_TYPES)).body(pick(List.of("{}", "{\"count\": 0}",
                    "x")));
        }
        // spelled plainly, a read-only path must say 405 and Allow; spelled oddly it may also be unknown (404),
        // but like every path it never answers an unsafe method with a 2xx
        String plain = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        Expected expected = READ_ONLY.contains(plain) && !method.equals("GET") && !method.equals("HEAD")
                ? new Expected(Set.of(405), Set.of(), false, false, true)
                : Expected.anyClientError();
        boolean odd = oddlySpelled(path);
        return new Case("method", request, odd ? expected.orProtocolRefusal() : expected);
    }

    private Case longPathOrHeader() {
        if (chance(50)) {
            int length = pick(List.of(1000, 4000, 4090, 4100, 6000, 9000));
            String path = pick(List.of("/api/v1/hc/health/", RUNS + "/", "/q/metrics/", "/"))
                    + "a".repeat(length);
            return new Case("long path " + length, Request.of(pick(List.of("GET", "POST", "DELETE")), path)
                    .header("X-API-Key", ApiKeyTestResource.API_KEY), Expected.anyClientError().orProtocolRefusal());
        }
        int length = pick(List.of(1000, 8000, 19000, 21000, 40000));
        Request request = Request.of("GET", pick(PATHS.subList(0, 11)))
                .header("X-API-Key", ApiKeyTestResource.API_KEY);
        if (chance(50)) {
            request = request.header("X-Long", "v".repeat(length));
        } else {
            for (int i = 0; i < length / 100; i++) {
                request = request.header("X-Many-" + i, "v".repeat(90));
            }
        }
        return new Case("long headers " + length, request, Expected.anyClientError().orProtocolRefusal());
    }

    /** Ids that no run has: long, encoded, control characters; the 404 repeats at most 64 characters. */
    private Case unknownId() {
        String id = pick(List.of("x".repeat(random.nextInt(1, 3000)), "%00", "%0d%0aX-Injected:%201",
                "%F0%9F%98%80", "..%2f", "'%20OR%201=1%20--", "%ff%fe", "00000000-0000-0000-0000-00000000000g",
                "%E2%80%AE" + "y".repeat(100)));
        String suffix = chance(30) ? "/events" : "";
        String method = suffix.isEmpty() ? pick(List.of("GET", "DELETE", "HEAD")) : "GET";
        Request request = Request.of(method, RUNS + "/" + id + suffix)
                .header("X-API-Key", ApiKeyTestResource.API_KEY);
        return new Case("unknown id", request, Expected.status(400, 404).orProtocolRefusal());
    }

    /** Control and non-ASCII bytes in header values and names. */
    private Case controlBytes() {
        String value = pick(List.of("a\u0000b", "\u0001", "a\u007fb", "\u00e9t\u00e9", "\u0000", "a\u000bb",
                "a\tb"));
        String name = pick(List.of("X-Test", "X-API-Key", "Content-Type", "Accept", "X Bad", "X-\u00e9"));
        Request request = Request.of(pick(List.of("GET", "POST")), pick(PATHS.subList(0, 11))).header(name, value);
        if (!name.equals("X-API-Key")) {
            request = request.header("X-API-Key", ApiKeyTestResource.API_KEY);
        }
        return new Case("control bytes in " + name, request, Expected.anyClientError().orProtocolRefusal());
    }

    /**
     * HTTP/1.1 without a {@code Host} header, or with one Vert.x cannot read as a host and port: the router refuses it
     * before any route (so before the read-only paths' 405), as a 400 problem.
     */
    private Case badHost() {
        String method = pick(METHODS);
        String path = pick(PATHS);
        Request request = Request.of(method, path).withoutHost().header("X-API-Key", ApiKeyTestResource.API_KEY);
        String host = pick(BAD_HOSTS);
        if (host != null) {
            request = request.header("Host", host);
        }
        boolean odd = oddlySpelled(path);
        Expected expected = Expected.status(400);
        return new Case("Host " + host, request, odd ? expected.orProtocolRefusal() : expected);
    }

    /** A path the HTTP layer may refuse on its own before any route (percent-escapes, parameters, dot segments). */
    private static boolean oddlySpelled(String path) {
        return path.contains("%") || path.contains(";") || path.contains("..") || path.contains("//");
    }

    private boolean chance(int percent) {
        return random.nextInt(100) < percent;
    }

    private <T> T pick(List<T> from) {
        return from.get(random.nextInt(from.size()));
    }

    private void shuffle(List<String> list) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            list.set(j, list.set(i, list.get(j)));
        }
    }

    private static List<Value> values(List<String> valid, List<String> invalid) {
        List<Value> all = new ArrayList<>();
        valid.forEach(v -> all.add(new Value(v, true)));
        invalid.forEach(v -> all.add(new Value(v, false)));
        return List.copyOf(all);
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        List<String> all = new ArrayList<>();
        for (List<String> list : lists) {
            all.addAll(list);
        }
        return all;
    }
}
