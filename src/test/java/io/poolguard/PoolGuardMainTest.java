package io.poolguard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Which arguments start the service and which go to the command line. */
class PoolGuardMainTest {

    @Test
    void noArgumentsOrOnlyJvmOptionsStartTheServiceWithTheOptionsUntouched() {
        assertThat(PoolGuardMain.serviceArguments()).isEmpty();
        assertThat(PoolGuardMain.serviceArguments("-Dquarkus.http.host=0.0.0.0", "-Xmx40m"))
                .as("Dockerfile.native-micro's entry point").containsExactly("-Dquarkus.http.host=0.0.0.0", "-Xmx40m");
        assertThat(PoolGuardMain.serviceArguments("-XX:+UseSerialGC")).containsExactly("-XX:+UseSerialGC");
    }

    @Test
    void serveStartsTheServiceWithTheOptionsAroundIt() {
        assertThat(PoolGuardMain.serviceArguments("serve")).isEmpty();
        assertThat(PoolGuardMain.serviceArguments("-Dquarkus.http.host=0.0.0.0", "serve", "-Xmx40m"))
                .isEqualTo(List.of("-Dquarkus.http.host=0.0.0.0", "-Xmx40m"));
    }

    @Test
    void anyOtherArgumentIsACommand() {
        assertThat(PoolGuardMain.serviceArguments("monitor")).isNull();
        assertThat(PoolGuardMain.serviceArguments("--mode", "monitor", "--interval", "30")).isNull();
        assertThat(PoolGuardMain.serviceArguments("-Dx=1", "check", "--direct")).isNull();
        assertThat(PoolGuardMain.serviceArguments("--help")).isNull();
        assertThat(PoolGuardMain.commandArguments("-Dpoolguard.test.main=yes", "-Xmx8m", "check", "-q"))
                .containsExactly("check", "-q");
        assertThat(System.getProperty("poolguard.test.main")).as("-D before a command is a system property")
                .isEqualTo("yes");
    }
}
