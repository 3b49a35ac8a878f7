package io.poolguard.testing;

import java.util.Map;

/**
 * The fault harness with a keepalive below the proxy's idle limit: idle connections are validated in the
 * background every 4 s, so no pooled flow stays silent for the 10 s after which the proxy drops it.
 */
public class KeepaliveFaultProfile extends FaultProfile {

    public static final String BACKGROUND_INTERVAL = "4S";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("poolguard.pool.validation.background-interval", BACKGROUND_INTERVAL);
    }
}
