package io.poolguard.stability;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.poolguard.testing.ApiKeyTestResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** The stability API as tests call it: over HTTP only, so the same calls work against the packaged application. */
public final class StabilityApi {

    public static final String PATH = "/api/v1/hc/stability-tests";

    private StabilityApi() {
    }

    public static RequestSpecification withKey() {
        return given().header("X-API-Key", ApiKeyTestResource.API_KEY);
    }

    public static Response start(String json) {
        return withKey().contentType(ContentType.JSON).body(json).post(PATH);
    }

    /** Starts a run that must be accepted; returns its id. */
    public static String startAccepted(String json) {
        Response response = start(json);
        if (response.statusCode() != 202) {
            throw new AssertionError("run not accepted: " + response.statusCode() + " " + response.asString());
        }
        return response.jsonPath().getString("id");
    }

    public static JsonPath run(String id) {
        return withKey().get(PATH + "/" + id).then().statusCode(200).extract().jsonPath();
    }

    public static JsonPath awaitFinished(String id, Duration atMost) {
        await("run " + id + " finishes").atMost(atMost).pollInterval(Duration.ofMillis(100))
                .until(() -> !List.of("queued", "running").contains(run(id).getString("state")));
        return run(id);
    }

    public static Response cancel(String id) {
        return withKey().delete(PATH + "/" + id);
    }

    /** Cancels whatever still runs, so the next test can start one (one run at a time by default). */
    public static void cancelActiveRuns() {
        List<Map<String, Object>> runs = withKey().get(PATH).then().statusCode(200).extract().jsonPath()
                .getList("$");
        for (Map<String, Object> run : runs) {
            if (List.of("queued", "running").contains(run.get("state"))) {
                cancel((String) run.get("id")).then().statusCode(200);
            }
        }
    }

    public static long failures(JsonPath run, String failureClass) {
        return run.getLong("failures." + failureClass);
    }
}
