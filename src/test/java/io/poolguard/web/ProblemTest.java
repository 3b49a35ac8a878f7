package io.poolguard.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class ProblemTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void extensionMembersSitBesideTheStandardOnes() throws Exception {
        Problem problem = Problem.of("run-in-progress", Response.Status.CONFLICT, "Busy", "one at a time")
                .with("running", List.of("abc"));

        assertThat(json.writeValueAsString(problem)).isEqualTo("{\"type\":\"urn:poolguard:problem:run-in-progress\","
                + "\"title\":\"Busy\",\"status\":409,\"detail\":\"one at a time\",\"running\":[\"abc\"]}");
    }

    @Test
    void invalidInputNamesEveryField() throws Exception {
        Problem problem = Problem.invalid(List.of(new Problem.InvalidField("count", "is required"),
                new Problem.InvalidField("mode", "must be one of pooled, fresh, hold")));

        assertThat(problem.detail()).isEqualTo("count: is required; mode: must be one of pooled, fresh, hold");
        assertThat(json.writeValueAsString(problem)).contains("\"status\":400",
                "\"errors\":[{\"field\":\"count\",\"detail\":\"is required\"},{\"field\":\"mode\"")
                .doesNotContain("extensions");
    }
}
