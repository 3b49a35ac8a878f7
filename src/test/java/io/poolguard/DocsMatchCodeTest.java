package io.poolguard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.ConfigMappings.ConfigClass;

/**
 * The docs cannot drift from the code: every {@code @ConfigMapping} item is in {@code docs/configuration.md} with its
 * default, and every environment variable and HTTP path the READMEs and {@code docs/} name exists. Everything the docs
 * are checked against is read from the code (the compiled classes, {@code application.properties} and the Quarkus
 * extensions' own configuration model), not listed here. Plain JUnit: no application starts.
 */
class DocsMatchCodeTest {

    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final String CONFIGURATION_DOC = "docs/configuration.md";
    /** Docs that must exist; every {@code docs/*.md} is checked besides them. */
    private static final List<String> REQUIRED_DOCS = List.of("README.md", "README.zh-CN.md", "docs/configuration.md",
            "docs/health.md", "docs/monitor-and-alerts.md", "docs/stability-tests.md", "docs/metrics.md",
            "docs/native.md", "docs/cli.md", "bench/README.md", ".ci/README.md");

    private static final Pattern ENV_VAR = Pattern.compile("\\b(?:POOLGUARD|QUARKUS)_[A-Z0-9_]*[A-Z0-9](?:_\\*)?");
    /** {@code /api/v1/...} or {@code /q/...}, also inside a URL; {@code {id}} or {@code <id>} for a path parameter. */
    private static final Pattern HTTP_PATH = Pattern.compile("/(?:api/v1|q)(?:/[\\w{}<>.*-]+)+");
    /** A property of ours, not a Java package ({@code io.poolguard.pool}). */
    private static final Pattern POOLGUARD_PROPERTY =
            Pattern.compile("(?<![\\w.])poolguard(?:\\.[a-z0-9-]+)+(?:\\.\\*)?");
    /** A Markdown link that is neither a URL nor mail: {@code ](docs/health.md#readiness)}. */
    private static final Pattern RELATIVE_LINK = Pattern.compile("\\]\\((?![a-z]+:)[^)\\s]+\\)");
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");

    private static List<Class<?>> mainClasses;
    private static Properties applicationProperties;

    @BeforeAll
    static void readCode() throws IOException {
        mainClasses = mainClasses();
        applicationProperties = new Properties();
        try (InputStream in = Files.newInputStream(ROOT.resolve("src/main/resources/application.properties"))) {
            applicationProperties.load(in);
        }
    }

    @Test
    void everyConfigItemIsDocumented() throws IOException {
        Map<String, String> items = configMappingItems();
        assertThat(items).as("@ConfigMapping items found under io.poolguard (the scan itself is broken)")
                .containsKey("poolguard.pool.max-size");
        List<String> lines = lines(CONFIGURATION_DOC);
        List<String> missing = new ArrayList<>();
        items.forEach((property, defaultValue) -> {
            // a Map key ("*") may be written as a placeholder: `poolguard.x.<name>.y`, POOLGUARD_X__NAME__Y
            Pattern named = wildcard("`" + property + "`", "[^`.]+");
            String env = envVar(property);
            Pattern namedEnv = wildcard(env, "[A-Za-z0-9_<>]+");
            List<String> rows = lines.stream().filter(l -> named.matcher(l).find()).toList();
            if (rows.isEmpty()) {
                missing.add(property + " is missing from " + CONFIGURATION_DOC + " (a table row with `" + property
                        + "`, `" + env + "` and " + (defaultValue == null ? "its default" : defaultValue) + ")");
            } else if (rows.stream().noneMatch(r -> namedEnv.matcher(r).find())) {
                missing.add(property + ": its row in " + CONFIGURATION_DOC + " does not name its env var " + env);
            } else if (defaultValue != null && rows.stream().noneMatch(r -> showsDefault(r, defaultValue))) {
                missing.add(property + ": its row in " + CONFIGURATION_DOC + " does not show its default "
                        + defaultValue);
            }
        });
        assertThat(missing).as("config items not (correctly) documented").isEmpty();
    }

    @ParameterizedTest
    @MethodSource("namedDocs")
    void everyPropertyTheDocsNameExists(String doc) throws IOException {
        Set<String> declared = new TreeSet<>(configMappingItems().keySet());
        declared.addAll(configPropertyNames());
        applicationProperties.stringPropertyNames().forEach(k -> declared.add(k.replaceFirst("^%[\\w-]+\\.", "")));
        // a group may be named by itself ("poolguard.health.readiness") or with ".*"
        assertThat(undeclared(doc, POOLGUARD_PROPERTY, declared, "."))
                .as(doc + " names poolguard.* properties that no @ConfigMapping or @ConfigProperty declares")
                .isEmpty();
    }

    @ParameterizedTest
    @MethodSource("namedDocs")
    void everyEnvVarTheDocsNameExists(String doc) throws IOException {
        assertThat(undeclared(doc, ENV_VAR, knownEnvVars(), null))
                .as(doc + " names env vars that map to no config property of PoolGuard or Quarkus")
                .isEmpty();
    }

    @ParameterizedTest
    @MethodSource("namedDocs")
    void everyPathTheDocsNameIsServed(String doc) throws IOException {
        Set<String> servedPaths = servedPaths();
        List<Pattern> served = servedPaths.stream().map(DocsMatchCodeTest::templatePattern).toList();
        List<String> unserved = new ArrayList<>();
        forEachMatch(doc, HTTP_PATH, raw -> {
            // "/api/v1/hc/..." names a prefix; otherwise a full path, maybe followed by sentence punctuation
            boolean prefix = raw.endsWith("/...") || raw.endsWith("/*");
            String probe = prefix ? raw.substring(0, raw.lastIndexOf('/')) : raw.replaceAll("[.,:;]+$", "");
            boolean exists = prefix
                    ? servedPaths.stream().anyMatch(p -> p.startsWith(probe + "/"))
                    : served.stream().anyMatch(p -> p.matcher(probe).matches());
            if (!exists) {
                unserved.add(raw);
            }
        });
        assertThat(unserved).as(doc + " names paths that the service does not serve (served: " + servedPaths + ")")
                .isEmpty();
    }

    /** The docs whose names, paths and links are checked: the required ones and whatever else is in docs/. */
    static Stream<String> namedDocs() throws IOException {
        Set<String> docs = new TreeSet<>(REQUIRED_DOCS);
        try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
            files.filter(f -> f.toString().endsWith(".md")).forEach(f -> docs.add("docs/" + f.getFileName()));
        }
        return docs.stream();
    }

    @ParameterizedTest
    @MethodSource("namedDocs")
    void everyRelativeLinkResolves(String doc) throws IOException {
        Path base = ROOT.resolve(doc).getParent();
        List<String> broken = new ArrayList<>();
        forEachMatch(doc, RELATIVE_LINK, link -> {
            String target = link.substring(2, link.length() - 1);
            int hash = target.indexOf('#');
            Path file = hash == 0 ? ROOT.resolve(doc) : base.resolve(hash < 0 ? target : target.substring(0, hash));
            if (!Files.exists(file)) {
                broken.add(target + " (no such file)");
            } else if (hash >= 0 && file.toString().endsWith(".md")
                    && !anchors(file).contains(target.substring(hash + 1))) {
                broken.add(target + " (no such heading)");
            }
        });
        assertThat(broken).as(doc + " links to files or headings that do not exist").isEmpty();
    }

    @Test
    void everyRequiredDocExists() {
        for (String doc : REQUIRED_DOCS) {
            assertThat(ROOT.resolve(doc)).as(doc + " (checked by this test)").isRegularFile();
        }
    }

    /**
     * The names {@code token} finds in {@code doc} that are not {@code declared}. A name ending in {@code *} stands
     * for every declared name it starts; with a {@code groupSeparator}, a bare group name is accepted too.
     */
    private static List<String> undeclared(String doc, Pattern token, Set<String> declared, String groupSeparator)
            throws IOException {
        List<String> unknown = new ArrayList<>();
        forEachMatch(doc, token, name -> {
            boolean exists = name.endsWith("*")
                    ? declared.stream().anyMatch(k -> k.startsWith(name.substring(0, name.length() - 1)))
                    : declared.contains(name)
                            || groupSeparator != null
                                    && declared.stream().anyMatch(k -> k.startsWith(name + groupSeparator));
            if (!exists) {
                unknown.add(name);
            }
        });
        return unknown;
    }

    // --- what the code declares -------------------------------------------------------------------------------------

    /** Every {@code @ConfigMapping} item as SmallRye names it, full property name to default (null: none). */
    static Map<String, String> configMappingItems() {
        Map<String, String> items = new TreeMap<>();
        for (Class<?> type : mainClasses) {
            ConfigMapping mapping = type.getAnnotation(ConfigMapping.class);
            if (mapping != null && type.isInterface()) {
                // SmallRye's own walk: kebab-case names (or the mapping's naming strategy), @WithName, @WithParentName,
                // nested groups, Optional groups and Map keys (as "*").
                ConfigClass configClass = ConfigClass.configClass(type, mapping.prefix());
                configClass.getProperties().forEach(items::put);
            }
        }
        return items;
    }

    /**
     * Env vars an operator may set: those of our {@code @ConfigMapping} items and {@code @ConfigProperty} injections,
     * those {@code application.properties} reads ({@code ${POOLGUARD_HTTP_PORT:8000}}) or sets, those the main code
     * reads itself, and every one that the Quarkus extensions on the class path declare in their configuration model.
     */
    static Set<String> knownEnvVars() throws IOException {
        Set<String> known = new TreeSet<>();
        configMappingItems().keySet().forEach(p -> known.add(envVar(p)));
        configPropertyNames().forEach(p -> known.add(envVar(p)));
        for (String key : applicationProperties.stringPropertyNames()) {
            known.add(envVar(key.replaceFirst("^%[\\w-]+\\.", "")));
            Matcher reference = ENV_REFERENCE.matcher(applicationProperties.getProperty(key));
            while (reference.find()) {
                known.add(reference.group(1));
            }
        }
        // read directly by our code: System.getenv("X"), or picocli's defaultValue = "${env:X}"
        Pattern readDirectly = Pattern.compile("getenv\\(\"([A-Z][A-Z0-9_]*)\"\\)|\\$\\{env:([A-Z][A-Z0-9_]*)");
        try (Stream<Path> sources = Files.walk(ROOT.resolve("src/main/java"))) {
            for (Path source : sources.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = readDirectly.matcher(Files.readString(source, StandardCharsets.UTF_8));
                while (m.find()) {
                    known.add(m.group(1) != null ? m.group(1) : m.group(2));
                }
            }
        }
        Pattern declared = Pattern.compile("\"environmentVariable\"\\s*:\\s*\"([A-Z0-9_]+)\"");
        for (URL model : Collections.list(DocsMatchCodeTest.class.getClassLoader()
                .getResources("META-INF/quarkus-config-doc/quarkus-config-model.json"))) {
            try (InputStream in = model.openStream()) {
                Matcher m = declared.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                while (m.find()) {
                    known.add(m.group(1));
                }
            }
        }
        return known;
    }

    /** {@code @ConfigProperty} names injected anywhere in the main code (fields, constructor and method parameters). */
    static Set<String> configPropertyNames() {
        Set<String> names = new TreeSet<>();
        for (Class<?> type : mainClasses) {
            List<AnnotatedElement> elements = new ArrayList<>(List.of(type.getDeclaredFields()));
            List<Executable> executables = new ArrayList<>(List.of(type.getDeclaredConstructors()));
            executables.addAll(List.of(type.getDeclaredMethods()));
            for (Executable executable : executables) {
                for (Parameter parameter : executable.getParameters()) {
                    elements.add(parameter);
                }
            }
            for (AnnotatedElement element : elements) {
                ConfigProperty property = element.getAnnotation(ConfigProperty.class);
                if (property != null && !property.name().isEmpty()) {
                    names.add(property.name());
                }
            }
        }
        return names;
    }

    /**
     * Paths the service answers: the JAX-RS resources' {@code @Path}s (class and method), the health paths set in
     * {@code application.properties}, the Prometheus scrape and the static files under {@code META-INF/resources}.
     */
    static Set<String> servedPaths() throws IOException {
        Set<String> paths = new TreeSet<>();
        for (Class<?> type : mainClasses) {
            jakarta.ws.rs.Path root = type.getAnnotation(jakarta.ws.rs.Path.class);
            if (root == null) {
                continue;
            }
            paths.add(join(root.value(), ""));
            for (Method method : type.getDeclaredMethods()) {
                jakarta.ws.rs.Path sub = method.getAnnotation(jakarta.ws.rs.Path.class);
                if (sub != null) {
                    paths.add(join(root.value(), sub.value()));
                } else if (isResourceMethod(method)) {
                    paths.add(join(root.value(), ""));
                }
            }
        }
        String nonApplicationRoot = join(property("quarkus.http.non-application-root-path", "q"), "");
        String healthRoot = property("quarkus.smallrye-health.root-path", "health");
        healthRoot = healthRoot.startsWith("/") ? healthRoot : join(nonApplicationRoot, healthRoot);
        paths.add(healthRoot);
        for (String[] probe : new String[][] { { "liveness-path", "live" }, { "readiness-path", "ready" },
                { "startup-path", "started" } }) {
            String path = property("quarkus.smallrye-health." + probe[0], probe[1]);
            paths.add(path.startsWith("/") ? path : join(healthRoot, path));
        }
        String metrics = property("quarkus.micrometer.export.prometheus.path", "metrics");
        paths.add(metrics.startsWith("/") ? metrics : join(nonApplicationRoot, metrics));
        Path staticRoot = ROOT.resolve("src/main/resources/META-INF/resources");
        if (Files.isDirectory(staticRoot)) {
            try (Stream<Path> files = Files.walk(staticRoot)) {
                files.filter(Files::isRegularFile).forEach(f -> {
                    String path = "/" + staticRoot.relativize(f).toString().replace('\\', '/');
                    paths.add(path);
                    if (path.endsWith("/index.html")) {
                        paths.add(join(path.substring(0, path.length() - "/index.html".length()), ""));
                    }
                });
            }
        }
        return paths;
    }

    /** The default as a value of its own in a cell of the row, not as part of a name. */
    private static boolean showsDefault(String row, String defaultValue) {
        Pattern value = Pattern.compile("(?<![\\w.-])" + Pattern.quote(defaultValue) + "(?![\\w.-])");
        return Stream.of(row.split("\\|")).skip(3).anyMatch(cell -> value.matcher(cell).find());
    }

    /** {@code text} as a pattern in which every {@code *} matches {@code any}. */
    private static Pattern wildcard(String text, String any) {
        StringBuilder regex = new StringBuilder();
        for (String part : text.split("\\*", -1)) {
            regex.append(regex.isEmpty() ? "" : any).append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }

    private static boolean isResourceMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            if (annotation.annotationType().isAnnotationPresent(jakarta.ws.rs.HttpMethod.class)) {
                return true;
            }
        }
        return false;
    }

    private static String property(String key, String defaultValue) {
        return applicationProperties.getProperty(key, defaultValue);
    }

    private static String join(String base, String sub) {
        String joined = ("/" + base + "/" + sub).replaceAll("/+", "/");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }

    /** A served path as a pattern: a {@code {id}} template matches any one segment, written {id}, <id> or a value. */
    private static Pattern templatePattern(String template) {
        StringBuilder regex = new StringBuilder();
        for (String part : template.split("(?=\\{)|(?<=\\})")) {
            regex.append(part.startsWith("{") ? "[^/]+" : Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }

    /** SmallRye's env var for a property: upper case, every other character an underscore. */
    static String envVar(String property) {
        return property.replaceAll("[^A-Za-z0-9*]", "_").toUpperCase(Locale.ROOT);
    }

    // --- reading -----------------------------------------------------------------------------------------------------

    private static List<String> lines(String doc) throws IOException {
        Path file = ROOT.resolve(doc);
        assertThat(file).as(doc + " (checked by " + DocsMatchCodeTest.class.getSimpleName() + ")").isRegularFile();
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }

    private static void forEachMatch(String doc, Pattern pattern, java.util.function.Consumer<String> check)
            throws IOException {
        for (String line : lines(doc)) {
            Matcher m = pattern.matcher(line);
            while (m.find()) {
                check.accept(m.group());
            }
        }
    }

    /** The anchors GitHub gives a Markdown file's headings: lower case, punctuation dropped, spaces as dashes. */
    private static Set<String> anchors(Path markdown) {
        try {
            Set<String> anchors = new TreeSet<>();
            for (String line : Files.readAllLines(markdown, StandardCharsets.UTF_8)) {
                if (line.startsWith("#")) {
                    String heading = line.replaceFirst("^#+\\s*", "").toLowerCase(Locale.ROOT);
                    anchors.add(heading.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
                }
            }
            return anchors;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The main code's classes (target/classes, not the tests'), loaded without initialising them. */
    private static List<Class<?>> mainClasses() throws IOException {
        ClassLoader loader = DocsMatchCodeTest.class.getClassLoader();
        Path testClasses;
        try {
            testClasses = Path.of(DocsMatchCodeTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<Class<?>> classes = new ArrayList<>();
        for (URL url : Collections.list(loader.getResources("io/poolguard"))) {
            if (!"file".equals(url.getProtocol())) {
                continue;
            }
            Path packageRoot;
            try {
                packageRoot = Path.of(url.toURI());
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
            if (packageRoot.startsWith(testClasses)) {
                continue;
            }
            Path classesRoot = packageRoot.getParent().getParent();
            try (Stream<Path> files = Files.walk(packageRoot)) {
                files.filter(f -> f.toString().endsWith(".class")).forEach(f -> {
                    String name = classesRoot.relativize(f).toString().replace('\\', '/').replace('/', '.');
                    name = name.substring(0, name.length() - ".class".length());
                    try {
                        classes.add(Class.forName(name, false, loader));
                    } catch (ClassNotFoundException | LinkageError e) {
                        throw new IllegalStateException("cannot load " + name, e);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        assertThat(classes).as("main classes under io.poolguard").isNotEmpty();
        return classes;
    }
}
