package io.poolguard.dashboard;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.poolguard.stability.RunState;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * The dashboard's files as the server hands them out: headers, weight, dictionaries. No browser needed.
 * {@link DashboardPageIT} runs the same against the packaged application.
 */
@QuarkusTest
class DashboardPageTest {

    /** The budget for HTML, JS, CSS and fonts together. */
    private static final int MAX_PAGE_BYTES = 150 * 1024;
    private static final List<String> LANGUAGES = List.of("en", "zh-CN");
    private static final Pattern ASSET = Pattern.compile("(?:src|href)=\"([^\"#:]+)\"");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void rootServesThePageWithAStrictContentSecurityPolicy() {
        Response page = given().get("/");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        String csp = page.header("Content-Security-Policy");
        assertThat(csp).as("CSP").contains("default-src 'none'", "script-src 'self'", "connect-src 'self'",
                "frame-ancestors 'none'").doesNotContain("unsafe-inline", "unsafe-eval", "http:", "https:", "*");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.asString()).as("no inline script or style to need an exception")
                .doesNotContainPattern("<script(?![^>]*\\bsrc=)").doesNotContainPattern("\\son[a-z]+=")
                .doesNotContain("<style", " style=");
    }

    @Test
    void theApiAnswersCarryTheSameHeaders() {
        Response view = given().get("/api/v1/hc/alerts");
        assertThat(view.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(view.header("Content-Security-Policy")).contains("default-src 'none'");
    }

    /**
     * Found in issue 16's last stop: Quarkus served the page and its files "public, immutable, max-age=86400", and
     * their names carry no version, so after a rollout a browser kept the old page and scripts for a day, a reload
     * included, and ran them against the new API. Each load now revalidates them, and an unchanged file is a 304.
     */
    @Test
    void thePageAndItsFilesAreRevalidatedOnEveryLoadSoARolloutReachesTheBrowser() {
        List<String> paths = new ArrayList<>(List.of("/", "/index.html", "/dashboard/i18n/zh-CN.json"));
        assets(given().get("/").asString()).forEach(asset -> paths.add("/" + asset));
        for (String path : paths) {
            Response response = given().get(path);
            assertThat(response.statusCode()).as("GET %s", path).isEqualTo(200);
            assertThat(response.headers().getValues("Cache-Control")).as("Cache-Control of %s", path)
                    .containsExactly("no-cache");
            String lastModified = response.header("Last-Modified");
            assertThat(lastModified).as("Last-Modified of %s", path).isNotNull();
            assertThat(given().header("If-Modified-Since", lastModified).get(path).statusCode())
                    .as("%s again, unchanged", path).isEqualTo(304);
        }
    }

    @Test
    void pageWeighsLessThanItsBudget() {
        String html = given().get("/").asString();
        List<String> assets = assets(html);
        assertThat(assets).as("assets the page links").contains("dashboard/dashboard.js", "dashboard/chart.js",
                "dashboard/dashboard.css");
        long bytes = html.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        for (String asset : assets) {
            bytes += body("/" + asset).length;
        }
        long dictionary = 0;
        for (String language : LANGUAGES) {
            dictionary = Math.max(dictionary, body("/dashboard/i18n/" + language + ".json").length);
        }
        bytes += dictionary;
        assertThat(bytes).as("page weight in bytes (HTML, JS, CSS, icon, one dictionary)")
                .isLessThan(MAX_PAGE_BYTES);
    }

    @Test
    void everyLanguageHasEveryLabelThePageUses() throws Exception {
        Set<String> used = new TreeSet<>();
        used.addAll(matches(given().get("/").asString(), "data-i18n=\"([^\"]+)\""));
        used.addAll(matches(new String(body("/dashboard/dashboard.js"), java.nio.charset.StandardCharsets.UTF_8),
                "\\bt\\('([^']+)'"));
        for (RunState state : RunState.values()) {
            used.add("runs.state." + state.label());
        }
        for (String status : List.of("UP", "DOWN", "UNKNOWN")) {
            used.add("status." + status);
        }
        assertThat(used).as("labels found in the page and its script").hasSizeGreaterThan(50);

        Set<String> english = keys("en");
        for (String language : LANGUAGES) {
            Set<String> keys = keys(language);
            assertThat(keys).as("%s has every label the page uses", language).containsAll(used);
            assertThat(keys).as("%s has the same labels as en", language).isEqualTo(english);
        }
        JsonNode chinese = JSON.readTree(body("/dashboard/i18n/zh-CN.json"));
        assertThat(chinese.path("pool.title").asText()).as("a Chinese label, not a copy").isEqualTo("连接池现状");
    }

    private static Set<String> keys(String language) {
        try {
            Set<String> keys = new TreeSet<>();
            Iterator<String> names = JSON.readTree(body("/dashboard/i18n/" + language + ".json")).fieldNames();
            names.forEachRemaining(keys::add);
            return keys;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] body(String path) {
        Response response = given().get(path);
        assertThat(response.statusCode()).as("GET %s", path).isEqualTo(200);
        return response.asByteArray();
    }

    private static List<String> assets(String html) {
        return matches(html, ASSET.pattern());
    }

    private static List<String> matches(String text, String regex) {
        List<String> found = new ArrayList<>();
        Matcher matcher = Pattern.compile(regex).matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }
}
