package io.poolguard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The core packages import no feature package: features build on the core, never the other way round, so a
 * concept the features share lives once in the core. Read from the sources, so it needs no running service.
 */
class LayeringTest {

    private static final Path SOURCES = Path.of("src", "main", "java", "io", "poolguard");
    private static final Set<String> CORE = Set.of("pool", "server", "config", "metrics", "concurrent");
    private static final Pattern IMPORT = Pattern.compile("(?m)^import (?:static )?io\\.poolguard\\.(\\w+)\\.");

    @Test
    void corePackagesImportNoFeaturePackage() throws IOException {
        List<String> violations = new ArrayList<>();
        for (String core : CORE) {
            try (Stream<Path> files = Files.list(SOURCES.resolve(core))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    Matcher imports = IMPORT.matcher(Files.readString(file));
                    while (imports.find()) {
                        if (!CORE.contains(imports.group(1))) {
                            violations.add(core + "/" + file.getFileName() + " imports io.poolguard."
                                    + imports.group(1));
                        }
                    }
                }
            }
        }
        assertThat(violations).as("core classes importing a feature").isEmpty();
    }

    @Test
    void theCorePackagesExist() {
        // a renamed package would otherwise make the check above pass by finding nothing
        CORE.forEach(core -> assertThat(SOURCES.resolve(core)).as("core package %s", core).isDirectory());
    }
}
