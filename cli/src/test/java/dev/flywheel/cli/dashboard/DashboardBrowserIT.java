package dev.flywheel.cli.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.flywheel.cli.DashboardTestStack;
import dev.flywheel.schemas.events.DriftDetected;
import dev.flywheel.schemas.events.TrainingRequested;
import dev.flywheel.schemas.events.TrainingState;
import dev.flywheel.schemas.events.TrainingJobStatus;
import dev.flywheel.topology.config.ClientConfigs;
import dev.flywheel.topology.config.FlywheelConfig;
import dev.flywheel.topology.topics.TopicCatalogue;
import dev.flywheel.topology.topics.Topic;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The dashboard in a real browser (Debian's headless Chromium, driven by Selenium) against a running
 * {@code flywheel up} stack: the embedded backbone and every stage of a small spec, live traffic from the demo's
 * producer (and a few payments breaking the contract), and in the backbone's history three drift alarms and a finished training,
 * from which the real registry stage registers a model version with its lineage. It loads each page, sees live
 * numbers change without reloading, opens a drift chart and a lineage graph, and saves a screenshot of each page
 * under {@code target/dashboard-screenshots/}; then replays the dead letters and asks for a training from the page,
 * with the API token. Skipped, saying why, where Chromium or its driver is not installed.
 */
class DashboardBrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "dashboard-screenshots");
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TOKEN = "browser-it-token-0123456789";
    /** Payments of the traffic that break the contract, and so wait in the DLQ for a replay. */
    private static final int REJECTED = 5;
    private static final String SPEC = """
            project: dash
            sources:
              - name: transactions
                key: card_id
                timestamp: ts
                contract:
                  amount: {required: true, min: 0, max: 100000}
                  country: {allowed: [US, DE, FR, GB]}
              - {name: fraud_labels, topic: fraud-labels, key: card_id, timestamp: ts}
            feature_views:
              - name: card_spend
                source: transactions
                entity: card_id
                ttl: 7d
                features:
                  - {name: txn_count_1h,   agg: count, window: 1h}
                  - {name: amount_sum_24h, agg: sum, field: amount, window: 24h}
            labels:
              - {name: fraud_labels, topic: fraud-labels, key: card_id, timestamp: ts, field: is_fraud}
            monitors:
              - {name: card_spend_drift, view: card_spend, window: 100, method: psi}
            models:
              - name: fraud_detector
                features: [card_spend:txn_count_1h, card_spend:amount_sum_24h]
                label: fraud_labels
                trainer: {backend: local}
                promotion: {metric: auc, min_gain: 0.005}
            """;

    @TempDir
    Path dir;

    @Test
    void shouldShowEveryPageLiveWithADriftChartAndALineageGraph() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Skipped: the browser test needs Debian's chromium and chromium-driver (" + CHROMIUM + ", "
                        + CHROMEDRIVER + "); install them with: apt-get install -y chromium chromium-driver");
        Files.createDirectories(SCREENSHOTS);
        Path spec = Files.writeString(dir.resolve("flywheel.yaml"), SPEC);

        try (DashboardTestStack stack = DashboardTestStack.start(spec, Map.of("FLYWHEEL_API_TOKEN", TOKEN),
                this::writeEarlierLoop)) {
            // given live traffic, and one drift-and-retrain loop in the backbone's history
            try (DemoLiveTraffic traffic = startTraffic(stack)) {
                WebDriver browser = browser();
                try {
                    browse(stack.apiUrl(), browser);
                    act(stack.apiUrl(), browser);
                } finally {
                    browser.quit();
                }
                traffic.assertHealthy();
            }
            // and every stage's metrics, Kafka Streams' own included, are on /metrics beside the consumer lag
            await().atMost(WAIT).untilAsserted(() -> assertThat(get(stack.apiUrl() + "/metrics")).contains(
                    "kafka_stream_alive_stream_threads{", "stage=\"ingestion-transactions\"",
                    "stage=\"model-registry\"", "flywheel_consumer_lag{group=\"flywheel-ingestion-transactions\"",
                    "flywheel_ingestion_rejected_total{"));
            // kept beside the screenshots: what a Prometheus scrape of a local run holds (for the Grafana queries)
            Files.writeString(SCREENSHOTS.resolve("metrics.txt"), get(stack.apiUrl() + "/metrics"));
        }
    }

    /** The one place that says what produces the live traffic: {@code flywheel demo}'s producer. */
    private static DemoLiveTraffic startTraffic(DashboardTestStack stack) {
        return DemoLiveTraffic.start(stack.config(), stack.catalogue(), 20, REJECTED);
    }

    private void browse(String url, WebDriver browser) throws Exception {
        JavascriptExecutor js = (JavascriptExecutor) browser;

        // Overview: live totals change without reloading
        browser.get(url + "/#overview");
        String accepted = "#totals .card[data-family='flywheel.ingestion.accepted'] .value";
        await().atMost(WAIT).until(() -> number(browser, accepted) > 0);
        long first = number(browser, accepted);
        await().atMost(WAIT).until(() -> number(browser, accepted) > first);
        assertThat(text(browser, "#live")).startsWith("live");
        await().atMost(WAIT).until(() -> browser.findElements(By.cssSelector("#stages tbody tr[data-stage]")).size()
                >= 3);
        await().atMost(WAIT).until(() -> text(browser, "#alarms").contains("drift on card_spend_drift"));
        screenshot(browser, "overview");

        // Topics: offsets grow, lag per group, rejections by reason, a live tail of decoded records
        browser.get(url + "/#topics");
        String validRecords = "#topics tr[data-topic='transactions.valid'] td.records";
        await().atMost(WAIT).until(() -> number(browser, validRecords) > 0);
        long before = number(browser, validRecords);
        await().atMost(WAIT).until(() -> number(browser, validRecords) > before);
        await().atMost(WAIT).until(() -> text(browser, "#rejections").contains("CONTRACT"));
        js.executeScript("document.querySelector(\"#topics button[data-tail='transactions.valid']\").click()");
        await().atMost(WAIT).until(() -> text(browser, "#tail").contains("card-"));
        screenshot(browser, "topics");

        // Drift: the score over time against its threshold, and the window against the reference
        browser.get(url + "/#drift");
        await().atMost(WAIT).until(() -> browser.findElements(By.cssSelector("#monitors li[data-series]")).size() >= 1);
        js.executeScript("document.querySelector(\"#monitors li[data-series='card_spend_drift/amount_sum_24h']\").click()");
        await().atMost(WAIT).until(() -> ((Number) js.executeScript("return echarts.getInstanceByDom("
                + "document.getElementById('drift-chart')).getOption().series[0].data.length")).intValue() == 3);
        assertThat((Number) js.executeScript("return echarts.getInstanceByDom(document.getElementById('bins-chart'))"
                + ".getOption().series.length")).isEqualTo(2L);
        screenshot(browser, "drift");

        // Training: the request joined with its job
        browser.get(url + "/#training");
        await().atMost(WAIT).until(() -> text(browser, "#jobs").contains("SUCCEEDED"));
        assertThat(text(browser, "#jobs")).contains("fraud_detector", "DRIFT", "auc");
        screenshot(browser, "training");

        // Models: the registered version and its lineage graph back to the drift alarm
        browser.get(url + "/#models");
        await().atMost(WAIT).until(() -> browser.findElements(By.cssSelector("#versions tr[data-version='1']"))
                .size() == 1);
        js.executeScript("document.querySelector(\"#versions button[data-lineage='1']\").click()");
        await().atMost(WAIT).until(() -> ((Number) js.executeScript("var c = echarts.getInstanceByDom("
                + "document.getElementById('lineage-chart')); return c ? c.getOption().series[0].data.length : 0"))
                .intValue() >= 4);
        assertThat(text(browser, "#lineage-title")).isEqualTo("fraud_detector v1");
        screenshot(browser, "models");
    }

    /**
     * The write actions through the page, with the API token, against the real backbone: a DLQ replay of the
     * contract-breaking payments (once: a second replay finds them replayed), and a training asked for by hand, which
     * the real trigger books (it shows on the Training page as MANUAL).
     */
    private void act(String url, WebDriver browser) throws Exception {
        JavascriptExecutor js = (JavascriptExecutor) browser;
        browser.get(url + "/#topics");
        // without the token nothing is done
        js.executeScript("document.getElementById('token').value = ''");
        await().atMost(WAIT).until(() -> text(browser, "#replay-source").contains("transactions"));
        js.executeScript("document.getElementById('replay').click()");
        await().atMost(WAIT).until(() -> text(browser, "#replay-result").contains("Enter the API token"));
        // with it, every dead letter of the source is replayed once
        String dlqRecords = "#topics tr[data-topic='transactions.dlq'] td.records";
        await().atMost(WAIT).until(() -> number(browser, dlqRecords) >= REJECTED);
        js.executeScript("document.getElementById('token').value = arguments[0]", TOKEN);
        js.executeScript("document.getElementById('replay-source').value = 'transactions';"
                + "document.getElementById('replay-reason').value = 'CONTRACT_ALLOWED';"
                + "document.getElementById('replay').click()");
        await().atMost(WAIT).until(() -> text(browser, "#replay-result").startsWith("Replayed"));
        assertThat(text(browser, "#replay-result")).startsWith("Replayed " + REJECTED + " of " + REJECTED + " ");
        js.executeScript("document.getElementById('replay').click()");
        await().atMost(WAIT).until(() -> text(browser, "#replay-result").contains("had been replayed before"));
        assertThat(text(browser, "#replay-result")).contains("(" + REJECTED + " had been replayed before)");
        screenshot(browser, "topics-replayed");

        // a training by hand from the Models page, which the trigger books
        browser.get(url + "/#models");
        js.executeScript("document.getElementById('token').value = arguments[0]", TOKEN);
        await().atMost(WAIT).until(() -> browser.findElements(By.cssSelector("#versions tr[data-version='1']"))
                .size() == 1);
        js.executeScript("document.getElementById('train').click()");
        await().atMost(WAIT).until(() -> text(browser, "#action-result").startsWith("Training requested"));
        browser.get(url + "/#training");
        await().atMost(WAIT).until(() -> text(browser, "#jobs").contains("MANUAL"));
        screenshot(browser, "training-manual");
    }

    /**
     * Three drift alarms of rising score, and the training they caused, as the monitor and the trigger write them.
     * Written before the stages start, the trigger's journal finds the training finished (it would otherwise run it
     * again), while the registry stage reads the finished job and registers version 1 with its lineage.
     */
    private void writeEarlierLoop(FlywheelConfig config, TopicCatalogue catalogue) throws Exception {
        Instant now = Instant.now().minusSeconds(60);
        DriftDetected last = null;
        for (int i = 0; i < 3; i++) {
            last = DashboardEvents.detected(now.minusSeconds(120 - 60L * i), 0.25 + 0.1 * i);
            produce(config, catalogue.drift(), DashboardEvents.MONITOR, last);
        }
        String model = "{\"trees\": 1}";
        Path artifact = Files.writeString(dir.resolve("model-1.json"), model);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(model.getBytes(StandardCharsets.UTF_8)));
        TrainingRequested request = DashboardEvents.requested(now, "r-1", List.of(last.getEventId()));
        produce(config, catalogue.training(), "r-1", request);
        produce(config, catalogue.training(), "r-1", DashboardEvents.status(now.plusSeconds(1), "r-1",
                TrainingState.RUNNING, List.of(request.getEventId())));
        TrainingJobStatus done = TrainingJobStatus.newBuilder(DashboardEvents.status(now.plusSeconds(30), "r-1",
                        TrainingState.SUCCEEDED, List.of(request.getEventId())))
                .setModelUri(artifact.toUri().toString()).setModelSha256(sha).setModelFormat("xgboost-json")
                .setMetrics(Map.of("auc", 0.91)).build();
        produce(config, catalogue.training(), "r-1", done);
    }

    private static void produce(FlywheelConfig config, Topic<String, SpecificRecord> topic, String key,
                                SpecificRecord value) throws Exception {
        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(ClientConfigs.kafka(config),
                new StringSerializer(), topic.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(topic.name(), key, value)).get();
        }
    }

    private static String get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static WebDriver browser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1440,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** The text of an element, read in the page: the page redraws live, so element handles go stale. */
    private static String text(WebDriver browser, String css) {
        Object text = ((JavascriptExecutor) browser).executeScript(
                "var e = document.querySelector(arguments[0]); return e ? e.innerText : ''", css);
        return String.valueOf(text);
    }

    private static long number(WebDriver browser, String css) {
        String digits = text(browser, css).replaceAll("[^0-9]", "");
        return digits.isEmpty() ? -1 : Long.parseLong(digits);
    }

    private static void screenshot(WebDriver browser, String page) throws Exception {
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SCREENSHOTS.resolve(page + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
