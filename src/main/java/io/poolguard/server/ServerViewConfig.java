package io.poolguard.server;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the server-side view is read. */
@ConfigMapping(prefix = "poolguard.server-view")
public interface ServerViewConfig {

    /**
     * Statement timeout for the server-side query (the socket waits at most twice this), so it never holds a pool
     * slot for long. Default 2S.
     */
    @WithDefault("2S")
    Duration statementTimeout();
}
