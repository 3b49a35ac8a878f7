package io.poolguard.control;

import io.poolguard.stability.StabilityApi;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** The pool-control API as tests call it: over HTTP only, so the same calls work against the packaged app. */
public final class PoolApi {

    static final String POOL = "/api/v1/hc/database/pool";
    static final String FLUSH = POOL + "/flush";
    static final String ACTIONS = POOL + "/actions";

    private PoolApi() {
    }

    static Response flush(String mode) {
        return StabilityApi.withKey().contentType(ContentType.JSON).body("{\"mode\": \"" + mode + "\"}").post(FLUSH);
    }

    /** A flush that must succeed; its answer. */
    public static JsonPath flushed(String mode) {
        Response response = flush(mode);
        if (response.statusCode() != 200) {
            throw new AssertionError("flush " + mode + " refused: " + response.statusCode() + " " + response.asString());
        }
        return response.jsonPath();
    }

    static Response patch(String json) {
        return StabilityApi.withKey().contentType(ContentType.JSON).body(json).patch(POOL);
    }

    /** A resize that must succeed; its answer. */
    static JsonPath resized(String json) {
        Response response = patch(json);
        if (response.statusCode() != 200) {
            throw new AssertionError("resize " + json + " refused: " + response.statusCode() + " "
                    + response.asString());
        }
        return response.jsonPath();
    }

    static JsonPath limits() {
        return StabilityApi.withKey().get(POOL).then().statusCode(200).extract().jsonPath();
    }

    public static JsonPath actions() {
        return StabilityApi.withKey().get(ACTIONS).then().statusCode(200).extract().jsonPath();
    }

    /** Back to the configuration (forced: the configured max-size may itself be over a small server's budget). */
    static void restoreConfigured() {
        JsonPath configured = limits();
        Object timeout = configured.get("configured.acquisitionTimeout");
        resized("{\"maxSize\": " + configured.getInt("configured.maxSize") + ", \"minSize\": "
                + configured.getInt("configured.minSize") + ", \"acquisitionTimeout\": "
                + (timeout instanceof Number ? timeout : "\"" + timeout + "\"") + ", \"force\": true}");
    }
}
