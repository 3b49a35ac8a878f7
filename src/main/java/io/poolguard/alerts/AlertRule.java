package io.poolguard.alerts;

/**
 * Every rule PoolGuard evaluates on its samples. The label is the {@code rule} tag and JSON name; the alert name
 * matches {@code deploy/prometheus/poolguard-rules.yml}, so an alert reads the same from either source.
 */
public enum AlertRule {
    POOL_UTILISATION("pool_utilisation", "PoolGuardPoolUtilisationHigh", "warning",
            "Connection pool nearly fully used"),
    POOL_WAITING("pool_waiting", "PoolGuardThreadsWaitingForConnection", "warning",
            "Threads are waiting for a database connection"),
    ACQUISITION_TIMEOUTS("acquisition_timeouts", "PoolGuardAcquisitionTimeouts", "critical",
            "Borrows gave up waiting for a database connection"),
    INVALID_CONNECTIONS("invalid_connections", "PoolGuardInvalidConnections", "warning",
            "Pooled connections found broken"),
    CONNECTION_LEAK("connection_leak", "PoolGuardConnectionLeak", "warning",
            "A connection was held longer than the leak-detection interval"),
    DATABASE_UNREACHABLE("database_unreachable", "PoolGuardDatabaseUnreachable", "critical",
            "The database cannot be reached"),
    SERVER_CONNECTIONS("server_connections", "PoolGuardServerConnectionsHigh", "warning",
            "The database server is running out of connections"),
    LONG_TRANSACTION("long_transaction", "PoolGuardLongTransaction", "warning",
            "A transaction has been open for a long time"),
    CONNECTION_BUDGET("connection_budget", "PoolGuardConnectionBudgetOverServerLimit", "warning",
            "All replicas' pools together may open more connections than the server allows"),
    DATABASE_ROLE_CHANGED("database_role_changed", "PoolGuardDatabaseRoleChanged", "warning",
            "The database changed role between primary and standby (a failover or switchover)");

    private final String label;
    private final String alertName;
    private final String severity;
    private final String summary;

    AlertRule(String label, String alertName, String severity, String summary) {
        this.label = label;
        this.alertName = alertName;
        this.severity = severity;
        this.summary = summary;
    }

    /** The rule with this label ({@code pool_utilisation}). */
    public static AlertRule byLabel(String label) {
        for (AlertRule rule : values()) {
            if (rule.label.equals(label)) {
                return rule;
            }
        }
        throw new IllegalArgumentException("no alert rule " + label);
    }

    public String label() {
        return label;
    }

    public String alertName() {
        return alertName;
    }

    public String severity() {
        return severity;
    }

    public String summary() {
        return summary;
    }
}
