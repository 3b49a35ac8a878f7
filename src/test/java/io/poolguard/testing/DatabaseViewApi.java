package io.poolguard.testing;

import static io.restassured.RestAssured.given;

import io.restassured.path.json.JsonPath;

/**
 * The database view as the fault tests read it: over HTTP only, so the same reads work against the packaged
 * application (the {@code *IT} subclasses). Any status: a view answered with 503 while the database is down still
 * carries the pool and its evictions.
 */
public final class DatabaseViewApi {

    public static final String PATH = "/api/v1/hc/database";

    private DatabaseViewApi() {
    }

    public static JsonPath databaseView() {
        return given().get(PATH).then().extract().jsonPath();
    }
}
