package io.poolguard.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

@QuarkusTest
class Utf8JsonTest {

    private static final String CHINESE = "连接池稳定性测试：数据库连接正常";

    @Test
    void nonAsciiTextRoundTripsThroughPostgresAndComesBackUnescapedUtf8() {
        byte[] request = ("{\"text\":\"" + CHINESE + "\"}").getBytes(StandardCharsets.UTF_8);
        Response response = given().contentType("application/json; charset=UTF-8").body(request)
                .post("/test-only/utf8-echo");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.contentType()).as("JSON response").startsWith("application/json");
        String body = new String(response.asByteArray(), StandardCharsets.UTF_8);
        assertThat(body).as("the text survives the database and JSON as is, not as \\u escapes")
                .isEqualTo("{\"text\":\"" + CHINESE + "\"}");
    }
}
