package io.poolguard.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.container.ContainerRequestContext;

import org.junit.jupiter.api.Test;

/** The guard's decisions without a server; the HTTP behaviour is in StabilityTestsTest. */
class ApiKeyFilterTest {

    private static final String KEY = "s3cret-key";

    @Test
    void withoutAConfiguredKeyTheEndpointsAreOffAndSayHowToTurnThemOn() {
        ProblemException refused = catchThrowableOfType(ProblemException.class,
                () -> new ApiKeyFilter(new ApiKey(Optional.empty())).filter(request(Map.of("X-API-Key", KEY))));

        assertThat(refused.problem().status()).isEqualTo(403);
        assertThat(refused.problem().detail()).contains("POOLGUARD_API_KEY", "X-API-Key");
    }

    @Test
    void aBlankConfiguredKeyCountsAsNone() {
        ProblemException refused = catchThrowableOfType(ProblemException.class,
                () -> new ApiKeyFilter(new ApiKey(Optional.of("  "))).filter(request(Map.of("X-API-Key", "  "))));
        assertThat(refused.problem().status()).isEqualTo(403);
    }

    @Test
    void theKeyIsAcceptedInEitherHeader() {
        ApiKeyFilter filter = new ApiKeyFilter(new ApiKey(Optional.of(KEY)));
        assertThatCode(() -> filter.filter(request(Map.of("X-API-Key", KEY)))).doesNotThrowAnyException();
        assertThatCode(() -> filter.filter(request(Map.of("Authorization", "Bearer " + KEY))))
                .doesNotThrowAnyException();
        assertThatCode(() -> filter.filter(request(Map.of("Authorization", "bearer " + KEY))))
                .as("the scheme is case-insensitive").doesNotThrowAnyException();
    }

    @Test
    void aMissingOrWrongKeyIs401() {
        ApiKeyFilter filter = new ApiKeyFilter(new ApiKey(Optional.of(KEY)));
        for (Map<String, String> headers : java.util.List.of(Map.<String, String>of(), Map.of("X-API-Key", "nope"),
                Map.of("X-API-Key", KEY + "x"), Map.of("Authorization", "Basic " + KEY),
                Map.of("Authorization", "Bearer " + KEY.substring(1)))) {
            ProblemException refused = catchThrowableOfType(ProblemException.class,
                    () -> filter.filter(request(headers)));
            assertThat(refused).as("refused: %s", headers).isNotNull();
            assertThat(refused.problem().status()).isEqualTo(401);
            assertThat(refused.headers()).containsEntry("WWW-Authenticate", "Bearer");
        }
    }

    private static ContainerRequestContext request(Map<String, String> headers) {
        return (ContainerRequestContext) Proxy.newProxyInstance(ApiKeyFilterTest.class.getClassLoader(),
                new Class<?>[] { ContainerRequestContext.class }, (proxy, method, args) -> {
                    if (method.getName().equals("getHeaderString")) {
                        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase((String) args[0]))
                                .map(Map.Entry::getValue).findFirst().orElse(null);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
