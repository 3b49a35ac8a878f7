package io.poolguard.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * The deploy kit as the tests see it: where its files are, the two Kubernetes manifests generated from
 * {@code deploy/prometheus} and {@code deploy/grafana} (one source of truth each), and the PromQL the rules and the
 * dashboard query.
 */
final class DeployKit {

    static final Path KUBERNETES = Path.of("deploy/kubernetes");
    static final Path RULES = Path.of("deploy/prometheus/poolguard-rules.yml");
    static final Path DASHBOARD = Path.of("deploy/grafana/poolguard-dashboard.json");
    static final Path PROMETHEUS_RULE = KUBERNETES.resolve("prometheusrule.yaml");
    static final Path DASHBOARD_CONFIG_MAP = KUBERNETES.resolve("grafana-dashboard.yaml");

    static final YAMLMapper YAML = new YAMLMapper();
    static final ObjectMapper JSON = new ObjectMapper();

    /** How to rewrite the generated files after a change to their sources. */
    static final String REGENERATE = "./mvnw -B test -Dtest=GeneratedManifestsTest -Dpoolguard.regenerate=true";

    private static final String GENERATED = "# GENERATED from %s by GeneratedManifestsTest: do not edit. Change the"
            + " source, then run\n#   " + REGENERATE + "\n";

    private DeployKit() {
    }

    /** The PrometheusRule carrying the rule file's groups unchanged (comments included), as committed. */
    static String prometheusRule() {
        String rules = read(RULES);
        int groups = rules.indexOf("\ngroups:");
        if (groups < 0) {
            throw new AssertionError(RULES + " has no top-level groups:");
        }
        return GENERATED.formatted(RULES) + """
                apiVersion: monitoring.coreos.com/v1
                kind: PrometheusRule
                metadata:
                  name: poolguard
                  labels:
                    app.kubernetes.io/name: poolguard
                spec:
                """ + indent(rules.substring(groups + 1), "  ");
    }

    /** The ConfigMap that Grafana's dashboard sidecar loads (label grafana_dashboard: "1"), as committed. */
    static String dashboardConfigMap() {
        return GENERATED.formatted(DASHBOARD) + """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: poolguard-grafana-dashboard
                  labels:
                    app.kubernetes.io/name: poolguard
                    grafana_dashboard: "1"
                data:
                  poolguard-dashboard.json: |
                """ + indent(read(DASHBOARD), "    ");
    }

    private static String indent(String text, String prefix) {
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (!line.isEmpty()) {
                out.append(prefix).append(line);
            }
            out.append('\n');
        }
        // split(-1) keeps the empty string after the final newline; drop the extra newline it added
        return out.substring(0, out.length() - 1);
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode yaml(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file, e);
        }
    }

    static JsonNode json(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file, e);
        }
    }

    /** Every alert rule's expression, by alert name. */
    static Map<String, String> ruleExpressions() {
        Map<String, String> expressions = new LinkedHashMap<>();
        for (JsonNode group : yaml(RULES).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                expressions.put(rule.path("alert").asText(rule.path("record").asText()), rule.path("expr").asText());
            }
        }
        return expressions;
    }

    /** A PromQL query of the dashboard: where it is (panel title and refId, or variable name) and its text. */
    record DashboardQuery(String where, String expr) {

        /**
         * The query as Grafana sends it with every namespace and instance selected ("All" is {@code .*}) and
         * {@code $__rate_interval} at the given window.
         */
        String resolved(String rateInterval) {
            String resolved = expr.replace("$__rate_interval", rateInterval)
                    .replace("$namespace", ".*").replace("$instance", ".*");
            if (resolved.contains("$")) {
                throw new AssertionError(where + ": a variable the tests do not know: " + expr);
            }
            return resolved;
        }
    }

    private static final Pattern LABEL_VALUES = Pattern.compile("^label_values\\((.*),\\s*[a-zA-Z_]+\\)$");

    /** Every target of every panel, and the series selector of every query variable's label_values(...). */
    static List<DashboardQuery> dashboardQueries() {
        JsonNode dashboard = json(DASHBOARD);
        List<DashboardQuery> queries = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(new DashboardQuery("panel '" + panel.path("title").asText() + "' "
                        + target.path("refId").asText(), target.path("expr").asText()));
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (!"query".equals(variable.path("type").asText())) {
                continue;
            }
            String query = variable.path("query").isObject() ? variable.path("query").path("query").asText()
                    : variable.path("query").asText();
            Matcher labelValues = LABEL_VALUES.matcher(query.trim());
            if (!labelValues.matches()) {
                throw new AssertionError("variable " + variable.path("name").asText()
                        + ": only label_values(<selector>, <label>) is checked, not " + query);
            }
            queries.add(new DashboardQuery("variable $" + variable.path("name").asText(), labelValues.group(1)));
        }
        return queries;
    }

    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring",
            "group_left", "group_right", "bool", "offset", "inf", "nan");
    private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern BRACES = Pattern.compile("\\{[^}]*}|\\[[^]]*]");
    private static final Pattern LABEL_LISTS = Pattern.compile(
            "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");

    /**
     * The metric names a PromQL expression selects: identifiers that are not functions, keywords, label names or
     * durations. Enough for the expressions this repository ships, not a PromQL parser.
     */
    static Set<String> metricNames(String expr) {
        String bare = STRINGS.matcher(expr).replaceAll("\"\"");
        bare = BRACES.matcher(bare).replaceAll(" ");
        bare = LABEL_LISTS.matcher(bare).replaceAll(" ");
        Set<String> names = new LinkedHashSet<>();
        Matcher identifier = IDENTIFIER.matcher(bare);
        while (identifier.find()) {
            String name = identifier.group(1);
            boolean function = identifier.group(2) != null;
            if (!function && !KEYWORDS.contains(name.toLowerCase())) {
                names.add(name);
            }
        }
        return names;
    }
}
