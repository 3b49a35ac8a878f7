package io.poolguard.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The configured API key ({@code poolguard.api-key}, env {@code POOLGUARD_API_KEY}). A bean of its own, behind a
 * client proxy, so it is read at run time: {@link ApiKeyFilter} is built during static init in a native image,
 * when runtime configuration is not there yet.
 */
@ApplicationScoped
public class ApiKey {

    private final Optional<byte[]> key;

    ApiKey(@ConfigProperty(name = "poolguard.api-key") Optional<String> key) {
        this.key = key.filter(k -> !k.isBlank()).map(k -> k.getBytes(StandardCharsets.UTF_8));
    }

    public boolean isConfigured() {
        return key.isPresent();
    }

    /** Constant-time comparison, so response timing tells nothing about how much of a guess was right. */
    public boolean matches(String presented) {
        return key.isPresent() && MessageDigest.isEqual(key.get(), presented.getBytes(StandardCharsets.UTF_8));
    }
}
