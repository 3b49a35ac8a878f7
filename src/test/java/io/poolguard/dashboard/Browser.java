package io.poolguard.dashboard;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Debian's headless Chromium through Debian's chromedriver: both paths pinned, so Selenium Manager never looks for
 * (or downloads) a browser or a driver. A fresh profile per browser, nothing that phones home. Without Chromium the
 * browser tests are skipped on a developer's machine and fail under CI ({@code CI=true}), where .ci/run installs it.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** A browser whose preferred language is {@code language} (e.g. {@code en-US}, {@code zh-CN}). */
    static Browser start(String language) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            String missing = "browser tests need Debian's chromium and chromium-driver (" + CHROMIUM + ", "
                    + CHROMEDRIVER + "): apt-get install -y chromium chromium-driver";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(missing);
            }
            Assumptions.abort(missing);
        }
        try {
            Path profile = Files.createTempDirectory("poolguard-chromium-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-default-apps", "--disable-extensions", "--no-first-run", "--no-default-browser-check",
                    "--metrics-recording-only", "--user-data-dir=" + profile, "--window-size=1280,800",
                    "--lang=" + language);
            options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.BROWSER, Level.ALL);
            logs.enable(LogType.PERFORMANCE, Level.ALL);
            options.setCapability("goog:loggingPrefs", logs);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
            return new Browser(driver, profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ChromeDriver driver() {
        return driver;
    }

    /** Opens the page and waits until its script has loaded the first data. */
    void open(String url) {
        driver.get(url);
        waitFor(Duration.ofSeconds(30), "the dashboard finished its first load",
                () -> "true".equals(find("body").getDomAttribute("data-ready")));
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    String text(String css) {
        return find(css).getText().strip();
    }

    /** One row of a table as the page shows it: the row's class and its cells' text. */
    record Row(String classes, List<String> cells) {
    }

    /**
     * The rows under {@code css} (a {@code tbody}), read in one script call: a panel that rebuilds its rows on every
     * poll cannot swap a row out between finding it and reading it, as it can between two WebDriver calls.
     */
    @SuppressWarnings("unchecked")
    List<Row> rows(String css) {
        List<Map<String, Object>> rows = (List<Map<String, Object>>) script("""
                return Array.from(document.querySelectorAll(arguments[0] + ' > tr')).map(tr => ({
                  classes: tr.className, cells: Array.from(tr.cells).map(td => td.innerText.trim())}));
                """, css);
        return rows.stream().map(row -> new Row((String) row.get("classes"), (List<String>) row.get("cells")))
                .toList();
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    void waitFor(Duration atMost, String what, java.util.function.BooleanSupplier condition) {
        // panels re-render as they poll: an element read mid-way may be gone, which is "not yet", not a failure
        new WebDriverWait(driver, atMost, Duration.ofMillis(100)).withMessage(() -> what + shownErrors())
                .ignoring(StaleElementReferenceException.class)
                .until(d -> condition.getAsBoolean());
    }

    /** The errors the page shows, for a failed wait's message. */
    private String shownErrors() {
        List<String> errors = findAll(".error").stream().filter(WebElement::isDisplayed).map(WebElement::getText)
                .toList();
        return errors.isEmpty() ? "" : " (the page shows: " + String.join(" | ", errors) + ")";
    }

    /** The viewport as a phone (or any width) shows it; {@code null} width restores the window's own. */
    void viewport(Integer width, int height) {
        if (width == null) {
            driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        } else {
            driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
                    "deviceScaleFactor", 1, "mobile", width < 600));
        }
    }

    /** Console entries since the last call (the log is drained as it is read). */
    List<LogEntry> console() {
        return driver.manage().logs().get(LogType.BROWSER).getAll();
    }

    /** URLs the page requested since the last call, from the browser's network events. */
    List<String> requests() {
        List<String> urls = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE).getAll()) {
            try {
                JsonNode message = JSON.readTree(entry.getMessage()).path("message");
                if ("Network.requestWillBeSent".equals(message.path("method").asText())) {
                    urls.add(message.path("params").path("request").path("url").asText());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return urls;
    }

    /** Drops what the logs hold so far, so a test sees only its own entries. */
    void drainLogs() {
        console();
        requests();
    }

    /** A PNG of the whole page (beyond the viewport) under target/screenshots. */
    Path screenshot(String name) {
        @SuppressWarnings("unchecked")
        Map<String, Object> size = (Map<String, Object>) driver.executeCdpCommand("Page.getLayoutMetrics", Map.of())
                .get("cssContentSize");
        // the window's width: a capture beyond the viewport drops the scrollbar and lays the page out wider
        Map<String, Object> clip = Map.of("x", 0, "y", 0, "width", script("return window.innerWidth"),
                "height", size.get("height"), "scale", 1);
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot",
                Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                // a temporary profile left behind is harmless
            }
        }
    }
}
