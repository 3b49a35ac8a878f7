package io.poolguard.alerts;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.poolguard.monitor.MonitorTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/** The alerts seen from outside (HTTP only; AlertsIT runs it packaged). */
@QuarkusTest
@TestProfile(MonitorTestProfile.class)
class AlertsTest {

    @Test
    void alertsEndpointListsActiveAlertsAndRecentTransitions() {
        JsonPath alerts = given().when().get("/api/v1/hc/alerts")
                .then().statusCode(200).contentType("application/json").extract().jsonPath();

        assertThat(alerts.getList("active")).as("active alerts are listed (none expected on an idle pool)")
                .isNotNull()
                .noneMatch(alert -> alert.toString().contains("pool_utilisation"));
        assertThat(alerts.getList("transitions")).as("recent transitions are listed").isNotNull();
    }

    @Test
    void everyRuleHasAnActiveGaugeFromStartup() {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();

        for (AlertRule rule : AlertRule.values()) {
            assertThat(metrics).as("poolguard_alert_active for %s exists before it ever fires", rule.label())
                    .containsPattern("poolguard_alert_active\\{rule=\"" + rule.label() + "\"\\} [01]\\.0");
        }
        assertThat(metrics).as("transitions are counted per rule and kind")
                .contains("poolguard_alert_transitions_total{rule=\"pool_waiting\",transition=\"fired\"}");
    }

    @Test
    void theConnectionBudgetOfOneSmallPoolFitsTheServer() {
        String budget = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(budget).as("3 connections x 1 replica fit in 97").contains(
                "poolguard_alert_active{rule=\"connection_budget\"} 0.0");
    }
}
