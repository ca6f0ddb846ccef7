package io.readstates.harness.cell;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Opens a rendered report in Debian's headless Chromium through its ChromeDriver and reads back
 * what the browser made of it. The driver and browser paths are given explicitly, so Selenium
 * never tries to download either (the machines have no outside network).
 *
 * <p>Without Chromium the check is skipped — unless {@code READSTATES_REQUIRE_BROWSER} is set, as
 * {@code .ci/run} does after installing it, in which case a missing browser fails the test.
 */
final class ReportInBrowser {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    /** What the page showed: images and whether each decoded, and rows per table id. */
    record Rendered(String title, long images, long brokenImages, Map<String, Long> rowsByTable) {
    }

    private ReportInBrowser() {
    }

    static void requireBrowser() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present && System.getenv("READSTATES_REQUIRE_BROWSER") != null) {
            throw new AssertionError("READSTATES_REQUIRE_BROWSER is set but " + CHROMIUM + " or " + CHROMEDRIVER
                    + " is missing; install Debian's chromium and chromium-driver packages");
        }
        if (!present) {
            // printed, not only recorded: Maven's summary counts a skip without its reason
            System.err.println("SKIPPED browser test: headless Chromium is not installed (apt-get install chromium chromium-driver; "
                    + "CI sets READSTATES_REQUIRE_BROWSER and installs it)");
        }
        Assumptions.assumeTrue(present, "headless Chromium is not installed (apt-get install chromium chromium-driver)");
    }

    @SuppressWarnings("unchecked")
    static Rendered open(Path report, Path screenshot) throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--window-size=1400,1000", "--user-data-dir=" + Files.createTempDirectory("chromium-profile"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        try {
            driver.get(report.toUri().toString());
            Map<String, Object> page = (Map<String, Object>) driver.executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    const images = Array.from(document.images);
                    Promise.all(images.map(i => i.decode().then(() => true, () => false))).then(() => {
                      const rows = {};
                      document.querySelectorAll('table[id]').forEach(t => rows[t.id] = t.querySelectorAll('tbody tr').length);
                      done({title: document.title, images: images.length,
                            broken: images.filter(i => !i.complete || i.naturalWidth === 0).length, rows: rows});
                    });
                    """);
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), screenshot, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return new Rendered((String) page.get("title"), (Long) page.get("images"), (Long) page.get("broken"),
                    (Map<String, Long>) page.get("rows"));
        } finally {
            driver.quit();
        }
    }

    static List<String> expectedTables() {
        return List.of("comparison", "gc-overlap", "sawtooth");
    }
}
