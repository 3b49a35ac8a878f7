package io.poolguard.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;

/**
 * Manifests read into fabric8's Kubernetes model (and its Prometheus Operator model for monitoring.coreos.com),
 * strictly: an unknown kind, an apiVersion the kind is not served under, or any field the model does not know
 * (a typo, a field at the wrong level) is an error. fabric8 keeps unknown fields in {@code additionalProperties}
 * rather than failing, so every object of the parsed tree is searched for them.
 */
final class KubernetesModel {

    private static final List<Class<? extends HasMetadata>> KINDS = List.of(ConfigMap.class, Secret.class,
            Service.class, Deployment.class, PodDisruptionBudget.class, ServiceMonitor.class, PrometheusRule.class);

    private KubernetesModel() {
    }

    /** Every document of a (multi-document) YAML text, each parsed strictly. */
    static List<HasMetadata> parseAll(String yaml, String source) {
        List<HasMetadata> objects = new ArrayList<>();
        try (JsonParser parser = DeployKit.YAML.createParser(yaml);
                MappingIterator<JsonNode> documents = DeployKit.YAML.readValues(parser, JsonNode.class)) {
            int index = 0;
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                index++;
                if (document == null || document.isNull() || document.isEmpty()) {
                    continue;
                }
                objects.add(parse(document, source + " document " + index));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + source, e);
        }
        return objects;
    }

    static HasMetadata parse(JsonNode document, String source) {
        String apiVersion = document.path("apiVersion").asText();
        String kind = document.path("kind").asText();
        Class<? extends HasMetadata> type = KINDS.stream()
                .filter(k -> HasMetadata.getKind(k).equals(kind) && HasMetadata.getApiVersion(k).equals(apiVersion))
                .findFirst()
                .orElseThrow(() -> new AssertionError(source + ": " + apiVersion + " " + kind
                        + " is none of the kinds the kit ships (" + KINDS.stream().map(k -> HasMetadata
                                .getApiVersion(k) + " " + HasMetadata.getKind(k)).toList() + ")"));
        HasMetadata object;
        try {
            object = DeployKit.YAML.treeToValue(document, type);
        } catch (IOException e) {
            throw new AssertionError(source + ": not a valid " + kind + ": " + e.getMessage(), e);
        }
        List<String> unknown = new ArrayList<>();
        collectUnknownFields(object, kind, unknown);
        if (!unknown.isEmpty()) {
            throw new AssertionError(source + ": fields the " + apiVersion + " " + kind + " model does not know: "
                    + unknown);
        }
        return object;
    }

    private static void collectUnknownFields(Object value, String path, List<String> unknown) {
        if (value == null) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                collectUnknownFields(item, path + "[" + i++ + "]", unknown);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> collectUnknownFields(item, path + "." + key, unknown));
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object property = invoke(getter, value);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (property instanceof Map<?, ?> extra) {
                    extra.keySet().forEach(key -> unknown.add(path + "." + key));
                }
            } else {
                collectUnknownFields(property, path + "." + propertyName(getter), unknown);
            }
        }
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            return null; // a computed accessor that does not apply to this value (e.g. IntOrString's other half)
        }
    }

    private static String propertyName(Method getter) {
        String name = getter.getName().substring(3);
        return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
