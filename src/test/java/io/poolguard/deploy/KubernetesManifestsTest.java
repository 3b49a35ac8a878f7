package io.poolguard.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;

/**
 * deploy/kubernetes as an operator applies it: every file parses strictly into the Kubernetes model, the
 * kustomization lists them (all but the example Secret), the objects point at each other, and the pod is locked
 * down. {@code kubectl kustomize} renders the directory (Debian's kubectl, from the kubernetes-client package,
 * which .ci/run unpacks into target/tools). What the application serves and reads is checked against the
 * manifests by {@link ManifestsMatchApplicationTest}.
 */
class KubernetesManifestsTest {

    static final String EXAMPLE_SECRET = "secret.example.yaml";

    @Test
    void everyManifestParsesIntoTheKubernetesModelWithoutUnknownFields() {
        Map<String, List<HasMetadata>> manifests = manifests();

        assertThat(manifests.keySet()).as("manifests in %s", DeployKit.KUBERNETES).containsExactlyInAnyOrder(
                "configmap.yaml", "deployment.yaml", "service.yaml", "poddisruptionbudget.yaml",
                "servicemonitor.yaml", "prometheusrule.yaml", "grafana-dashboard.yaml", EXAMPLE_SECRET);
        manifests.forEach((file, objects) -> assertThat(objects).as("objects in %s", file).hasSize(1));
    }

    @Test
    void kustomizationListsEveryManifestButTheExampleSecret() {
        JsonNode kustomization = DeployKit.yaml(DeployKit.KUBERNETES.resolve("kustomization.yaml"));
        Set<String> fields = new TreeSet<>();
        kustomization.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).as("kustomization.yaml uses only fields kustomize 2 (kubectl 1.14+) knows too")
                .isSubsetOf("apiVersion", "kind", "resources", "images");

        List<String> resources = new ArrayList<>();
        kustomization.path("resources").forEach(r -> resources.add(r.asText()));
        Set<String> expected = new TreeSet<>(manifests().keySet());
        expected.remove(EXAMPLE_SECRET);
        assertThat(resources).as("kustomization.yaml resources (the example Secret must never be applied over a"
                + " real one)").containsExactlyInAnyOrderElementsOf(expected);
        assertThat(kustomization.path("images").findValuesAsText("name"))
                .as("kustomize's images: entry rewrites the Deployment's image")
                .containsExactly(container(deployment()).getImage());
    }

    @Test
    void poolReplicasEqualsTheDeploymentsReplicas() {
        Deployment deployment = deployment();

        assertThat(env(container(deployment), "POOLGUARD_POOL_REPLICAS").getValue())
                .as("POOLGUARD_POOL_REPLICAS (the connection budget's replicas) against spec.replicas")
                .isEqualTo(Integer.toString(deployment.getSpec().getReplicas()));
        assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getIntVal())
                .as("no surge pod during a rollout: it would open connections the budget does not count")
                .isZero();
    }

    @Test
    void podRunsUnprivilegedOnAReadOnlyRootFilesystem() {
        PodSpec pod = deployment().getSpec().getTemplate().getSpec();
        Container container = container(deployment());

        assertThat(pod.getSecurityContext().getRunAsNonRoot()).as("runAsNonRoot").isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).as("the image's user (Dockerfile.native-micro)")
                .isEqualTo(1001L);
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getAutomountServiceAccountToken()).as("no API token: PoolGuard never calls Kubernetes")
                .isFalse();
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).as("allowPrivilegeEscalation")
                .isFalse();
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).as("readOnlyRootFilesystem")
                .isTrue();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).as("dropped capabilities")
                .containsExactly("ALL");
        assertThat(container.getVolumeMounts()).as("a writable /tmp beside the read-only root")
                .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
    }

    @Test
    void resourcesFitTheMeasuredNativeFootprint() {
        var resources = container(deployment()).getResources();
        long limit = Quantity.getAmountInBytes(resources.getLimits().get("memory")).longValue();

        assertThat(resources.getRequests().get("memory")).as("memory request = limit: never overcommitted")
                .isEqualTo(resources.getLimits().get("memory"));
        // bench/startup.sh: 62.1 MiB resident after a minute of probe load with -Xmx40m
        assertThat(limit).as("memory limit in bytes: room above the measured 62 MiB, below the JVM image's 256Mi")
                .isBetween(96L << 20, 192L << 20);
        assertThat(resources.getRequests()).as("a CPU request for scheduling").containsKey("cpu");
    }

    @Test
    void serviceDisruptionBudgetAndServiceMonitorSelectThePods() {
        Map<String, String> podLabels = deployment().getSpec().getTemplate().getMetadata().getLabels();
        assertThat(podLabels).as("pod labels include the Deployment's selector")
                .containsAllEntriesOf(deployment().getSpec().getSelector().getMatchLabels());

        Service service = only(Service.class);
        assertThat(podLabels).as("pod labels include the Service's selector")
                .containsAllEntriesOf(service.getSpec().getSelector());
        assertThat(service.getSpec().getPorts()).as("the Service's http port targets the container's named port")
                .anySatisfy(p -> {
                    assertThat(p.getName()).isEqualTo("http");
                    assertThat(p.getTargetPort().getStrVal()).isEqualTo("http");
                });
        assertThat(container(deployment()).getPorts()).extracting(p -> p.getName())
                .as("container port names").contains("http");

        PodDisruptionBudget budget = only(PodDisruptionBudget.class);
        assertThat(podLabels).as("pod labels include the PodDisruptionBudget's selector")
                .containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());

        ServiceMonitor monitor = only(ServiceMonitor.class);
        assertThat(service.getMetadata().getLabels()).as("Service labels include the ServiceMonitor's selector")
                .containsAllEntriesOf(monitor.getSpec().getSelector().getMatchLabels());
        assertThat(monitor.getSpec().getEndpoints()).as("the ServiceMonitor scrapes the Service's http port")
                .allSatisfy(e -> assertThat(e.getPort()).isEqualTo("http"));
        assertThat(only(PrometheusRule.class).getSpec().getGroups()).as("the PrometheusRule's groups").isNotEmpty();
    }

    @Test
    void passwordComesFromTheSecretAndTheExampleHoldsOnlyPlaceholders() {
        Container container = container(deployment());
        Secret example = (Secret) manifests().get(EXAMPLE_SECRET).get(0);

        EnvVar password = env(container, "QUARKUS_DATASOURCE_PASSWORD");
        assertThat(password.getValue()).as("the password is never written into the Deployment").isNull();
        assertThat(password.getValueFrom().getSecretKeyRef().getName()).as("the password's Secret")
                .isEqualTo(example.getMetadata().getName());
        assertThat(example.getStringData()).as("the example Secret's keys")
                .containsKey(password.getValueFrom().getSecretKeyRef().getKey());
        assertThat(example.getStringData().values()).as("the example Secret holds placeholders, never a value")
                .allSatisfy(v -> assertThat(v).isEqualTo("REPLACE-ME"));
        assertThat(settings().getData().keySet()).as("no credential in the ConfigMap")
                .noneMatch(k -> k.contains("PASSWORD") || k.contains("API_KEY"));
        assertThat(settings().getData().get("QUARKUS_DATASOURCE_JDBC_URL"))
                .as("the JDBC URL carries no credentials").doesNotContain("@").doesNotContain("password");
    }

    @Test
    void alertInstanceIsThePodName() {
        EnvVar hostname = env(container(deployment()), "HOSTNAME");

        assertThat(hostname.getValueFrom().getFieldRef().getFieldPath())
                .as("HOSTNAME, the alerts' instance label, is the pod's name").isEqualTo("metadata.name");
    }

    @Test
    void kubectlKustomizeRendersEveryListedObject() throws Exception {
        List<Path> kubectls = kubectls();
        if (kubectls.isEmpty()) {
            String missing = "no kubectl: neither target/tools/usr/bin/kubectl (.ci/run unpacks Debian's"
                    + " kubernetes-client there) nor one on the PATH";
            if ("true".equals(System.getenv("CI"))) {
                fail(missing);
            }
            Assumptions.abort(missing);
        }
        Set<String> expected = new TreeSet<>();
        manifests().forEach((file, objects) -> {
            if (!file.equals(EXAMPLE_SECRET)) {
                objects.forEach(o -> expected.add(o.getKind() + "/" + o.getMetadata().getName()));
            }
        });
        for (Path kubectl : kubectls) {
            String rendered = run(kubectl, "kustomize", DeployKit.KUBERNETES.toString());
            List<HasMetadata> objects = KubernetesModel.parseAll(rendered, kubectl + " kustomize");
            assertThat(objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()))
                    .as("objects rendered by %s (%s)", kubectl, run(kubectl, "version", "--client"))
                    .containsExactlyInAnyOrderElementsOf(expected);
            Deployment deployment = objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
                    .findFirst().orElseThrow();
            assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                    .as("the image after kustomize's images: rewrite").contains("/poolguard:");
        }
    }

    /** Debian's kubectl unpacked by .ci/run first, then any other on the PATH: the kit must render with each. */
    private static List<Path> kubectls() {
        List<Path> found = new ArrayList<>();
        Path unpacked = Path.of("target/tools/usr/bin/kubectl");
        if (Files.isExecutable(unpacked)) {
            found.add(unpacked.toAbsolutePath());
        }
        Stream.of(System.getenv("PATH").split(":")).map(dir -> Path.of(dir, "kubectl")).filter(Files::isExecutable)
                .findFirst().ifPresent(found::add);
        return found;
    }

    private static String run(Path kubectl, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(kubectl.toString()));
        command.addAll(List.of(args));
        Path output = Files.createTempFile("kubectl-", ".out");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished within 60 s", command).isTrue();
            String text = Files.readString(output, StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as("exit status of %s: %s", command, text).isZero();
            return text;
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** Every *.yaml in deploy/kubernetes but the kustomization, by file name, parsed strictly. */
    static Map<String, List<HasMetadata>> manifests() {
        try (Stream<Path> files = Files.list(DeployKit.KUBERNETES)) {
            Map<String, List<HasMetadata>> manifests = new LinkedHashMap<>();
            for (Path file : files.sorted().collect(Collectors.toList())) {
                String name = file.getFileName().toString();
                if (name.endsWith(".yaml") && !name.equals("kustomization.yaml")) {
                    manifests.put(name, KubernetesModel.parseAll(DeployKit.read(file), file.toString()));
                } else if (!name.equals("kustomization.yaml")) {
                    fail("%s: only *.yaml manifests and kustomization.yaml belong in %s", file, DeployKit.KUBERNETES);
                }
            }
            return manifests;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static <T extends HasMetadata> T only(Class<T> type) {
        List<T> found = manifests().entrySet().stream().filter(e -> !e.getKey().equals(EXAMPLE_SECRET))
                .flatMap(e -> e.getValue().stream()).filter(type::isInstance).map(type::cast).toList();
        assertThat(found).as("%s objects applied by the kit", type.getSimpleName()).hasSize(1);
        return found.get(0);
    }

    /** The ConfigMap the container takes its environment from. */
    static ConfigMap settings() {
        String name = container(deployment()).getEnvFrom().get(0).getConfigMapRef().getName();
        return manifests().values().stream().flatMap(List::stream).filter(ConfigMap.class::isInstance)
                .map(ConfigMap.class::cast).filter(c -> c.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no ConfigMap " + name + " (the container's envFrom)"));
    }

    static Deployment deployment() {
        return only(Deployment.class);
    }

    static Container container(Deployment deployment) {
        List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers).as("containers of the Deployment").hasSize(1);
        return containers.get(0);
    }

    static EnvVar env(Container container, String name) {
        Optional<EnvVar> env = container.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst();
        assertThat(env).as("env %s of the container", name).isPresent();
        return env.get();
    }

    static List<Probe> probes(Container container) {
        return List.of(container.getStartupProbe(), container.getLivenessProbe(), container.getReadinessProbe());
    }
}
