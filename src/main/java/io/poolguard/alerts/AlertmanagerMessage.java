package io.poolguard.alerts;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One webhook notification in the Alertmanager webhook format (version 4), so receivers written for Alertmanager
 * accept it unchanged. One message per transition, carrying that one alert.
 */
@RegisterForReflection
record AlertmanagerMessage(
        String version,
        String groupKey,
        int truncatedAlerts,
        String status,
        String receiver,
        Map<String, String> groupLabels,
        Map<String, String> commonLabels,
        Map<String, String> commonAnnotations,
        @JsonProperty("externalURL") String externalUrl,
        List<AlertmanagerMessage.Entry> alerts) {

    /** Alertmanager's "zero" end time, meaning "not resolved yet". */
    static final String NOT_ENDED = "0001-01-01T00:00:00Z";

    @RegisterForReflection
    record Entry(
            String status,
            Map<String, String> labels,
            Map<String, String> annotations,
            String startsAt,
            String endsAt,
            @JsonProperty("generatorURL") String generatorUrl,
            String fingerprint) {
    }

    static AlertmanagerMessage of(AlertTransition transition, String instance) {
        String status = transition.isFired() ? "firing" : "resolved";
        Map<String, String> labels = new java.util.TreeMap<>(Map.of(
                "alertname", transition.alertName(),
                "severity", transition.severity(),
                "rule", transition.rule(),
                "service", "poolguard",
                "datasource", "default",
                "instance", instance));
        Map<String, String> annotations = new java.util.TreeMap<>(Map.of(
                "summary", AlertRule.byLabel(transition.rule()).summary(),
                "description", transition.message(),
                "value", transition.value() == null ? "" : transition.value()));
        Entry entry = new Entry(status, labels, annotations, transition.startedAt().toString(),
                transition.isFired() ? NOT_ENDED : transition.at().toString(), "", fingerprint(labels));
        Map<String, String> groupLabels = new java.util.TreeMap<>(Map.of(
                "alertname", transition.alertName(), "instance", instance));
        return new AlertmanagerMessage("4", groupKey(groupLabels), 0, status, "poolguard", groupLabels, labels,
                annotations, "", List.of(entry));
    }

    /** Alertmanager's form: {@code {}:{alertname="X", instance="Y"}}. */
    private static String groupKey(Map<String, String> groupLabels) {
        StringBuilder key = new StringBuilder("{}:{");
        groupLabels.forEach((name, value) -> key.append(key.length() > 4 ? ", " : "").append(name).append("=\"")
                .append(value).append('"'));
        return key.append('}').toString();
    }

    /** 16 hex digits from the sorted labels (FNV-1a 64), stable across restarts like Alertmanager's. */
    private static String fingerprint(Map<String, String> labels) {
        long hash = 0xcbf29ce484222325L;
        for (Map.Entry<String, String> label : labels.entrySet()) {
            for (char c : (label.getKey() + '\u00ff' + label.getValue() + '\u00ff').toCharArray()) {
                hash ^= c;
                hash *= 0x100000001b3L;
            }
        }
        return String.format("%016x", hash);
    }
}
