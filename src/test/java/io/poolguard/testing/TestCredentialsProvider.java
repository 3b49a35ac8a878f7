package io.poolguard.testing;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import io.quarkus.arc.Unremovable;
import io.quarkus.credentials.CredentialsProvider;

/**
 * A credentials provider as Vault or a secrets operator would be: the datasource's only source of credentials in
 * {@link CredentialsProviderTestResource}'s profile. Unused elsewhere.
 */
@ApplicationScoped
@Unremovable
@Named(TestCredentialsProvider.NAME)
public class TestCredentialsProvider implements CredentialsProvider {

    public static final String NAME = "poolguard-test-credentials";

    private final AtomicInteger calls = new AtomicInteger();

    @Override
    public Map<String, String> getCredentials(String credentialsProviderName) {
        calls.incrementAndGet();
        return Map.of(USER_PROPERTY_NAME, CredentialsProviderTestResource.USER,
                PASSWORD_PROPERTY_NAME, CredentialsProviderTestResource.PASSWORD);
    }

    /** How often the credentials were asked for. */
    public int calls() {
        return calls.get();
    }
}
