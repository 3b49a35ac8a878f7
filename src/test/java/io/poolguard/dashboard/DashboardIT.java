package io.poolguard.dashboard;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.support.ui.Select;

import io.poolguard.devdb.LocalPostgresServer;
import io.poolguard.monitor.MonitorTestProfile;
import io.poolguard.testing.ApiKeyTestResource;
import io.poolguard.testing.ClientConnections;
import io.poolguard.testing.InjectPostgres;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * The dashboard in a real headless Chromium against the packaged application (and, in CI, the native binary). One
 * browser for the class; the monitor samples every 200 ms ({@link MonitorTestProfile}), the page polls every second.
 */
@QuarkusIntegrationTest
@TestProfile(MonitorTestProfile.class)
class DashboardIT {

    private static final Duration LOAD = Duration.ofSeconds(30);
    private static final String RUNS = "/api/v1/hc/stability-tests";
    /** Rebuilt on every poll of the clients: read through {@link Browser#rows}, never element by element. */
    private static final String CLIENTS = "#clients-table tbody";
    /** Endpoints the page probes for (issue 13): a 404 or 401 there is the page finding out, not an error. */
    private static final List<String> PROBED = List.of("/api/v1/hc/database/clients",
            "/api/v1/hc/database/pool/actions");

    private static Browser browser;

    @TestHTTPResource("/")
    URL root;

    @InjectPostgres
    LocalPostgresServer postgres;

    @BeforeAll
    static void startBrowser() {
        browser = Browser.start("en-US");
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void freshPage() {
        browser.viewport(null, 800);
        browser.open(root.toString());
        browser.script("sessionStorage.clear(); localStorage.clear();");
        browser.open(root.toString());
        browser.drainLogs();
    }

    @Test
    void pageLoadsWithoutConsoleErrorsOrOffOriginRequests() {
        browser.open(root.toString());
        browser.waitFor(LOAD, "readiness shown", () -> !browser.text("[data-field=status]").equals("…"));

        String origin = URI.create(root.toString()).resolve("/").toString();
        List<String> requests = browser.requests();
        assertThat(requests).as("the page loaded its script and data").anyMatch(url -> url.endsWith("/dashboard.js"))
                .anyMatch(url -> url.contains("/api/v1/hc/database"));
        assertThat(requests).as("every request stays on the page's origin %s", origin)
                .allMatch(url -> url.startsWith(origin), "starts with " + origin);
        List<String> errors = browser.console().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue())
                .filter(entry -> !isProbeAnswer(entry))
                .map(LogEntry::toString).toList();
        assertThat(errors).as("console warnings and errors").isEmpty();

        for (String path : PROBED) {
            boolean exists = given().get(path).statusCode() != 404;
            String panel = path.endsWith("clients") ? "#clients" : "#actions";
            assertThat(browser.find(panel).isDisplayed()).as("panel %s shown only when %s exists", panel, path)
                    .isEqualTo(exists);
        }
        assertThat(browser.findAll("input, select").stream()
                .filter(WebElement::isDisplayed)
                .filter(input -> !(Boolean) browser.script(
                        "return arguments[0].labels.length > 0 || arguments[0].hasAttribute('aria-label')", input))
                .map(input -> input.getDomAttribute("name")))
                .as("every visible form control has a label").isEmpty();
        browser.screenshot("dashboard-1280");
    }

    @Test
    void poolNumbersEqualTheDatabaseView() {
        // the pool sits idle between tests; the page polls every second, so it catches up with the API
        browser.waitFor(LOAD, "page shows the pool the API reports", () -> {
            JsonPath view = given().get("/api/v1/hc/database").jsonPath();
            return browser.text("[data-field=active]").equals(view.getString("pool.active"))
                    && browser.text("[data-field=idle]").equals(view.getString("pool.idle"))
                    && browser.text("[data-field=awaiting]").equals(view.getString("pool.awaiting"));
        });
        JsonPath view = given().get("/api/v1/hc/database").jsonPath();
        assertThat(browser.text("[data-field=maxSize]")).as("max size")
                .isEqualTo(view.getString("pool.maxSize")).isEqualTo(Integer.toString(MonitorTestProfile.POOL_MAX_SIZE));
        assertThat(browser.text("[data-field=minSize]")).as("min size").isEqualTo(view.getString("pool.minSize"));
        assertThat(browser.text("[data-field=acquisitionTimeouts]")).as("acquisition timeouts")
                .isEqualTo(view.getString("pool.acquisitionTimeouts"));
        assertThat(browser.text("[data-field=invalid]")).as("invalid").isEqualTo(view.getString("pool.invalid"));
        assertThat(browser.text("[data-field=leaks]")).as("leaks").isEqualTo(view.getString("pool.leakDetections"));
        assertThat(browser.text("[data-field=jdbcUrl]")).as("URL without credentials")
                .isEqualTo(view.getString("config.jdbcUrl")).doesNotContain("password");
        assertThat(browser.text("[data-field=serverVersion]")).as("server version")
                .isEqualTo("PostgreSQL " + view.getString("server.view.serverVersion"));
        assertThat(browser.text("[data-field=role]")).as("role").isEqualTo("primary");
        assertThat(browser.find("[data-field=status]").getDomAttribute("data-status")).isEqualTo("UP");
        assertThat(browser.findAll("#chart-pool path")).as("the history chart draws the samples").isNotEmpty();
    }

    @Test
    void runStartedFromTheFormShowsProgressAndItsVerdict() {
        // burst 1: a run on the profile's pool of 3 that leaves room for the page's own requests
        fillRunForm("400", "0.005", "1");
        browser.find("#run-start").click();
        giveKeyWhenAsked();

        browser.waitFor(LOAD, "progress while the run goes", () -> {
            String progress = browser.text("#run-progress-text");
            return !progress.isEmpty() && !progress.startsWith("0 ");
        });
        browser.waitFor(Duration.ofSeconds(60), "the run's result",
                () -> "completed".equals(browser.find("[data-run=state]").getDomAttribute("data-state")));
        assertThat(browser.text("#run-progress-text")).as("every operation done").isEqualTo("400 / 400");
        assertThat(browser.find("[data-run=verdict]").getDomAttribute("data-stable")).as("verdict: %s",
                browser.text("[data-run=verdict]")).isEqualTo("true");
        assertThat(browser.text("[data-run=verdict]")).startsWith("stable");
        assertThat(browser.findAll("#run-failures tbody tr")).as("every failure class listed").hasSizeGreaterThan(5);
        assertThat(browser.findAll("#chart-run path")).as("the live chart drew ops/s and p99").isNotEmpty();
        browser.waitFor(LOAD, "the run in the recent runs", () -> browser.findAll("#runs-table tbody tr").size() > 0
                && browser.text("#runs-table tbody").contains("pooled"));
        browser.waitFor(LOAD, "the audit, open with the key given for the run",
                () -> !browser.find("#actions-need-key").isDisplayed());
        browser.screenshot("dashboard-run");

        String key = (String) browser.script("return sessionStorage.getItem('poolguard.apiKey')");
        assertThat(key).as("the key is kept in sessionStorage").isEqualTo(ApiKeyTestResource.API_KEY);
        assertThat(browser.requests()).as("the key never travels in a URL")
                .noneMatch(url -> url.contains(ApiKeyTestResource.API_KEY));
    }

    @Test
    void cancelStopsARunningRunAndTheKeyIsAskedOnlyOnce() {
        browser.script("sessionStorage.setItem('poolguard.apiKey', arguments[0])", ApiKeyTestResource.API_KEY);
        fillRunForm("1000000", "0.05", "1");
        browser.find("#run-start").click();
        assertThat(browser.find("#key-dialog").isDisplayed()).as("a stored key is not asked for again").isFalse();

        browser.waitFor(LOAD, "the run is running",
                () -> "running".equals(browser.find("[data-run=state]").getDomAttribute("data-state")));
        browser.find("#run-cancel").click();
        browser.waitFor(LOAD, "cancelled",
                () -> "cancelled".equals(browser.find("[data-run=state]").getDomAttribute("data-state")));
        List<String> states = given().header("X-API-Key", ApiKeyTestResource.API_KEY).get(RUNS).jsonPath()
                .getList("state");
        assertThat(states).as("the API agrees: nothing runs any more").doesNotContain("running", "queued")
                .contains("cancelled");
    }

    @Test
    void apiErrorsShowTheProblemDetail() {
        browser.script("sessionStorage.setItem('poolguard.apiKey', arguments[0])", ApiKeyTestResource.API_KEY);
        fillRunForm("0", "0.01", "1");
        String detail = given().header("X-API-Key", ApiKeyTestResource.API_KEY).contentType(ContentType.JSON)
                .body("{\"count\": 0, \"interval\": 0.01, \"burst\": 1, \"mode\": \"pooled\"}").post(RUNS)
                .then().statusCode(400).extract().jsonPath().getString("detail");
        browser.find("#run-start").click();
        browser.waitFor(LOAD, "the problem's detail on the page", () -> browser.find("#runs [data-error]").isDisplayed());
        assertThat(browser.text("#runs [data-error]")).isEqualTo(detail);
    }

    @Test
    void stoppingPostgresShowsReadinessDownAndTheUnreachableAlertUntilItIsBack() {
        try {
            postgres.stop();
            browser.waitFor(LOAD, "readiness DOWN",
                    () -> "DOWN".equals(browser.find("[data-field=status]").getDomAttribute("data-status")));
            browser.waitFor(LOAD, "the database_unreachable alert",
                    () -> !browser.findAll("#alerts-active li[data-rule=database_unreachable]").isEmpty());
            assertThat(browser.text("[data-field=failure]")).as("the failure class")
                    .isIn("unreachable", "connection_closed");
            browser.screenshot("dashboard-database-down");
        } finally {
            postgres.startServer();
        }
        browser.waitFor(LOAD, "readiness UP again",
                () -> "UP".equals(browser.find("[data-field=status]").getDomAttribute("data-status")));
        browser.waitFor(LOAD, "the alert resolved",
                () -> browser.findAll("#alerts-active li[data-rule=database_unreachable]").isEmpty());
        assertThat(browser.text("#alerts-transitions")).as("the transitions list the resolve")
                .contains("resolved database_unreachable");
    }

    @Test
    void chineseBrowserLanguageShowsChineseLabelsAndTheSwitcherChangesThem() {
        try (Browser chinese = Browser.start("zh-CN")) {
            chinese.open(root.toString());
            assertThat(chinese.script("return document.documentElement.lang")).isEqualTo("zh-CN");
            assertThat(chinese.text("#pool-h")).isEqualTo("连接池现状");
            assertThat(chinese.text("#alerts-h")).isEqualTo("告警");
            assertThat(chinese.find("#run-start").getText()).isEqualTo("开始测试");
            chinese.waitFor(LOAD, "readiness in Chinese", () -> chinese.text("[data-field=status]").contains("UP"));
            chinese.screenshot("dashboard-zh-CN");

            new Select(chinese.find("#lang")).selectByValue("en");
            chinese.waitFor(LOAD, "English after switching", () -> chinese.text("#pool-h").equals("The pool now"));
            assertThat(chinese.script("return document.documentElement.lang")).isEqualTo("en");
        }
    }

    @Test
    void phoneWidthHasNoHorizontalScroll() {
        browser.viewport(375, 800);
        browser.open(root.toString());
        browser.waitFor(LOAD, "readiness shown", () -> !browser.text("[data-field=status]").equals("…"));
        Number viewport = (Number) browser.script("return document.documentElement.clientWidth");
        Number content = (Number) browser.script("return document.documentElement.scrollWidth");
        assertThat(viewport.intValue()).as("phone viewport").isEqualTo(375);
        assertThat(content.intValue()).as("page width at 375 px (no horizontal scroll)").isLessThanOrEqualTo(375);
        browser.screenshot("dashboard-375");
    }

    @Test
    void clientsTableSortsByAnyColumnAndHighlightsIdleInTransaction() throws Exception {
        try (ClientConnections clients = new ClientConnections(postgres)) {
            clients.idleInTransaction("dash-billing", "SELECT 1");
            for (int i = 0; i < 3; i++) {
                clients.open("dash-reports");
            }
            browser.open(root.toString());
            // the monitor samples every 200 ms: wait for a sample that saw all of them
            browser.waitFor(LOAD, "both clients in the table, with all their sessions",
                    () -> applications().contains("dash-billing") && sessions("dash-reports").equals("3"));

            assertThat(classes("dash-billing")).as("idle in transaction: highlighted").contains("idle-tx");
            assertThat(classes("dash-reports")).as("three idle sessions: not highlighted")
                    .doesNotContain("idle-tx");
            assertThat(browser.rows(CLIENTS)).flatExtracting(Browser.Row::cells)
                    .noneMatch(cell -> cell.contains("password"));
            List<String> bySessions = applications();
            assertThat(bySessions.indexOf("dash-reports")).as("most sessions first, as the API lists them: %s",
                    bySessions).isLessThan(bySessions.indexOf("dash-billing"));

            WebElement application = browser.find("#clients-table thead th:first-child");
            application.findElement(By.tagName("button")).click();
            assertThat(browser.find("#clients-table thead th:first-child").getDomAttribute("aria-sort"))
                    .isEqualTo("ascending");
            List<String> ascending = applications();
            assertThat(ascending.indexOf("dash-billing")).as("by application name: %s", ascending)
                    .isLessThan(ascending.indexOf("dash-reports"));
            browser.find("#clients-table thead th:first-child button").click();
            assertThat(browser.find("#clients-table thead th:first-child").getDomAttribute("aria-sort"))
                    .isEqualTo("descending");
            List<String> reversed = new ArrayList<>(ascending);
            Collections.reverse(reversed);
            assertThat(applications()).as("a second click reverses the order").isEqualTo(reversed);
            browser.screenshot("dashboard-clients");
        }
    }

    @Test
    void flushAndResizeFromThePageAreConfirmedAndAudited() {
        browser.script("sessionStorage.setItem('poolguard.apiKey', arguments[0])", ApiKeyTestResource.API_KEY);
        browser.open(root.toString());
        browser.waitFor(LOAD, "the pool actions panel", () -> browser.find("#actions").isDisplayed());

        new Select(browser.find("#flush-form [name=mode]")).selectByVisibleText("idle");
        browser.find("#flush-form button").click();
        browser.driver().switchTo().alert().accept();
        browser.waitFor(LOAD, "the flush's outcome", () -> browser.find("#actions-result").isDisplayed());
        assertThat(browser.text("#actions-result")).as("what the flush did").contains("closed");
        browser.waitFor(LOAD, "the flush in the audit",
                () -> browser.text("#actions-table tbody").contains("flush idle"));
        int audited = actions().size();

        type("#resize-form [name=minSize]", "50");
        browser.find("#resize-form button").click();
        browser.driver().switchTo().alert().dismiss();
        assertThat(browser.find("#actions [data-error]").isDisplayed()).as("a dismissed confirmation sends nothing")
                .isFalse();
        assertThat(actions()).as("nothing audited for a dismissed confirmation").hasSize(audited);

        browser.find("#resize-form button").click();
        browser.driver().switchTo().alert().accept();
        String detail = given().header("X-API-Key", ApiKeyTestResource.API_KEY).contentType(ContentType.JSON)
                .body("{\"minSize\": 50}").patch("/api/v1/hc/database/pool").then().statusCode(400).extract()
                .jsonPath().getString("detail");
        browser.waitFor(LOAD, "the refusal's detail", () -> browser.find("#actions [data-error]").isDisplayed());
        assertThat(browser.text("#actions [data-error]")).isEqualTo(detail);
        JsonPath pool = given().get("/api/v1/hc/database").jsonPath();
        assertThat(pool.getInt("pool.minSize")).as("a refused resize changes nothing").isLessThan(50);
        assertThat(pool.getInt("pool.maxSize")).isEqualTo(MonitorTestProfile.POOL_MAX_SIZE);
        browser.screenshot("dashboard-actions");
    }

    /** The pool actions audit as the API lists it. */
    private static List<Object> actions() {
        return given().header("X-API-Key", ApiKeyTestResource.API_KEY).get("/api/v1/hc/database/pool/actions")
                .then().statusCode(200).extract().jsonPath().getList("actions");
    }

    /** The clients table's application column, top to bottom. */
    private static List<String> applications() {
        return browser.rows(CLIENTS).stream().map(row -> row.cells().get(0)).toList();
    }

    /** The Sessions column (the fourth) of a client's row, "" when the client is not listed. */
    private static String sessions(String application) {
        return browser.rows(CLIENTS).stream().filter(row -> row.cells().size() > 3)
                .filter(row -> row.cells().get(0).equals(application)).map(row -> row.cells().get(3)).findFirst()
                .orElse("");
    }

    /** A client's row's classes. */
    private static String classes(String application) {
        return browser.rows(CLIENTS).stream().filter(row -> row.cells().get(0).equals(application))
                .map(Browser.Row::classes).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + application));
    }

    /** The browser logs the probes' 404 (no such endpoint) and 401 (key not given yet) as network errors. */
    private static boolean isProbeAnswer(LogEntry entry) {
        String message = entry.getMessage();
        return PROBED.stream().anyMatch(path -> message.contains(path + " ")
                && (message.contains("status of 404") || message.contains("status of 401")));
    }

    private static void fillRunForm(String count, String interval, String burst) {
        type("#run-form [name=count]", count);
        type("#run-form [name=interval]", interval);
        type("#run-form [name=burst]", burst);
        new Select(browser.find("#run-form [name=mode]")).selectByValue("pooled");
    }

    private static void type(String css, String value) {
        WebElement input = browser.find(css);
        input.clear();
        input.sendKeys(value);
    }

    private static void giveKeyWhenAsked() {
        browser.waitFor(LOAD, "the API key dialog", () -> browser.find("#key-dialog").isDisplayed());
        browser.find("#key-input").sendKeys(ApiKeyTestResource.API_KEY);
        browser.find("#key-form button[value=ok]").click();
    }
}
