package io.poolguard.pool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.AgroalConnectionPoolConfiguration;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Which network idle timeout (NAT gateway, firewall, load balancer) the pool's idle connections survive with the
 * current settings: the longest a pooled connection can stay silent. Idle connections are validated in the
 * background every {@code background-interval}, a round trip that resets every idle timer on the path; with pgjdbc's
 * {@code tcpKeepAlive} the kernel also sends a probe after {@code net.ipv4.tcp_keepalive_time} of silence (Linux
 * default 2 h, too long for any cloud NAT unless the pod's sysctls lower it). A limit longer than
 * {@link #silentAtMost()} never sees a pooled connection idle long enough to drop it.
 *
 * @param silentAtMost the longest a pooled connection stays silent; null when nothing keeps idle connections alive
 * @param keptAliveBy what bounds it, in words
 * @param tcpKeepaliveTime the kernel's keepalive time when pgjdbc's tcpKeepAlive is on and it can be read, else null
 * @param summary one line for the startup log and the database view
 */
@RegisterForReflection
public record IdleLimit(Duration silentAtMost, String keptAliveBy, Duration tcpKeepaliveTime, String summary) {

    /** AWS NAT gateway idle timeout (350 s) and Azure load balancer default (4 min), for the summary. */
    static final Duration AWS_NAT = Duration.ofSeconds(350);
    static final Duration AZURE_LB = Duration.ofMinutes(4);

    public static IdleLimit of(AgroalDataSource dataSource) {
        AgroalConnectionPoolConfiguration pool = dataSource.getConfiguration().connectionPoolConfiguration();
        boolean tcpKeepAlive = Boolean.parseBoolean(pool.connectionFactoryConfiguration().jdbcProperties()
                .getProperty("tcpKeepAlive", "false"));
        return of(pool.validationTimeout(), tcpKeepAlive ? kernelKeepaliveTime() : null);
    }

    static IdleLimit of(Duration backgroundValidation, Duration tcpKeepaliveTime) {
        Duration silent = null;
        String by = "nothing: idle connections are silent until they are borrowed";
        if (backgroundValidation != null && !backgroundValidation.isZero()) {
            silent = backgroundValidation;
            by = "background validation every " + backgroundValidation;
        }
        if (tcpKeepaliveTime != null && (silent == null || tcpKeepaliveTime.compareTo(silent) < 0)) {
            silent = tcpKeepaliveTime;
            by = "TCP keepalive after " + tcpKeepaliveTime + " (net.ipv4.tcp_keepalive_time)";
        }
        String summary = silent == null
                ? "idle pooled connections survive no network idle timeout (" + by + "); set"
                        + " poolguard.pool.validation.background-interval below the shortest one on the path"
                : "idle pooled connections are silent for at most " + silent + " (" + by + "): they survive a NAT,"
                        + " firewall or load balancer idle timeout longer than that (AWS NAT gateway 350 s: "
                        + verdict(silent, AWS_NAT) + ", Azure load balancer 4 min: " + verdict(silent, AZURE_LB) + ")";
        return new IdleLimit(silent, by, tcpKeepaliveTime, summary);
    }

    /** Whether a flow silent for at most {@code silent} survives an idle timeout of {@code limit}. */
    public boolean survives(Duration limit) {
        return silentAtMost != null && silentAtMost.compareTo(limit) < 0;
    }

    private static String verdict(Duration silent, Duration limit) {
        return silent.compareTo(limit) < 0 ? "survived" : "NOT survived";
    }

    private static Duration kernelKeepaliveTime() {
        try {
            String seconds = Files.readString(Path.of("/proc/sys/net/ipv4/tcp_keepalive_time")).trim();
            return Duration.ofSeconds(Long.parseLong(seconds));
        } catch (IOException | NumberFormatException | SecurityException e) {
            return null; // not Linux, or not readable: unknown, so not counted on
        }
    }
}
