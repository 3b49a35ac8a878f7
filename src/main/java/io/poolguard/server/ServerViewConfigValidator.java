package io.poolguard.server;

import java.util.List;

import io.poolguard.config.ConfigProblems;

/** Refuses to start on server-view settings that cannot work, naming the setting. */
public final class ServerViewConfigValidator {

    private ServerViewConfigValidator() {
    }

    public static List<String> problems(ServerViewConfig c) {
        ConfigProblems problems = new ConfigProblems("poolguard.server-view");
        problems.positive("statement-timeout", c.statementTimeout());
        problems.between("max-clients", c.maxClients(), 1, 10_000);
        problems.between("metrics-top-clients", c.metricsTopClients(), 1, 100);
        return problems.list();
    }
}
