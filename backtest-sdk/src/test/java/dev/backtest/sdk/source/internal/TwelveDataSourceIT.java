package dev.backtest.sdk.source.internal;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.source.BarResolution;
import dev.backtest.sdk.source.SourceBar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.backtest.sdk.source.internal.SourceFixtures.epoch;
import static dev.backtest.sdk.source.internal.SourceFixtures.fetchAll;
import static dev.backtest.sdk.source.internal.SourceFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Twelve Data's time series against WireMock. */
class TwelveDataSourceIT {

    private static final String KEY = "td-0123456789abcdef0123456789abcdef";
    /** A fresh WireMock server for the class, its stubs and requests reset before each test. */
    @RegisterExtension
    static final WireMockExtension server = SourceFixtures.wireMock();

    private final HttpClient client = ProviderHttp.client(Duration.ofSeconds(2));

    private TwelveDataSource source(Clock clock) {
        return new TwelveDataSource(SourceFixtures.base(server), KEY, SourceFixtures.fast(clock), client);
    }

    private TwelveDataSource source() {
        return source(SourceFixtures.clockAt("2024-06-01T00:00:00Z"));
    }

    private static String series(String symbol, String interval, String... values) {
        return """
                {"meta":{"symbol":"%s","interval":"%s","currency":"USD","exchange_timezone":"America/New_York","exchange":"NASDAQ",
                "type":"Common Stock"},"values":[%s],"status":"ok"}""".formatted(symbol, interval, String.join(",", values));
    }

    private static String value(String datetime, String close) {
        return "{\"datetime\":\"%s\",\"open\":\"%s\",\"high\":\"%s\",\"low\":\"%s\",\"close\":\"%s\",\"volume\":\"1500\"}"
                .formatted(datetime, close, close, close, close);
    }

    @Test
    void sendsTheKeyAsApikeyAndAsksForMinutesInWindowsThatHoldAtMost5000Values() {
        server.stubFor(get(urlPathEqualTo("/time_series")).withQueryParam("start_date", equalTo("2024-01-01 00:00:00"))
                .willReturn(okJson(series("AAPL", "1min", value("2024-01-02 14:30:00", "187.15"), value("2024-01-02 14:31:00", "187.20")))));
        server.stubFor(get(urlPathEqualTo("/time_series")).withQueryParam("start_date", equalTo("2024-01-04 00:00:00"))
                .willReturn(okJson(series("AAPL", "1min", value("2024-01-05 20:59:00", "181.18")))));
        server.stubFor(get(urlPathEqualTo("/time_series")).withQueryParam("start_date", equalTo("2024-01-07 00:00:00"))
                .willReturn(okJson(series("AAPL", "1min"))));

        List<SourceBar> bars = fetchAll(source(), request("AAPL", "AAPL", BarResolution.MINUTE, "2024-01-01T00:00:00Z", "2024-01-08T00:00:00Z"));

        assertThat(bars).extracting(SourceBar::time).containsExactly(epoch("2024-01-02T14:30:00Z"), epoch("2024-01-02T14:31:00Z"),
                epoch("2024-01-05T20:59:00Z"));
        assertThat(bars.get(0)).isEqualTo(new SourceBar(epoch("2024-01-02T14:30:00Z"), 187.15, 187.15, 187.15, 187.15, 1500, Double.NaN));
        server.verify(3, getRequestedFor(urlPathEqualTo("/time_series"))
                .withQueryParam("apikey", equalTo(KEY))
                .withQueryParam("symbol", equalTo("AAPL"))
                .withQueryParam("interval", equalTo("1min"))
                .withQueryParam("outputsize", equalTo("5000"))
                .withQueryParam("timezone", equalTo("UTC"))
                .withQueryParam("order", equalTo("ASC")));
        server.verify(getRequestedFor(urlPathEqualTo("/time_series")).withQueryParam("start_date", equalTo("2024-01-01 00:00:00"))
                .withQueryParam("end_date", equalTo("2024-01-04 00:00:00")));
    }

    @Test
    void dailyValuesAreTradingDatesAtMidnightUtc() {
        server.stubFor(get(urlPathEqualTo("/time_series")).withQueryParam("interval", equalTo("1day")).willReturn(okJson(series("EUR/USD",
                "1day", "{\"datetime\":\"2024-01-02\",\"open\":\"1.10420\",\"high\":\"1.10450\",\"low\":\"1.09390\",\"close\":\"1.09410\"}"))));

        List<SourceBar> bars = fetchAll(source(), request("EURUSD", "EUR/USD", BarResolution.DAILY, "2024-01-01T00:00:00Z", "2024-01-05T00:00:00Z"));

        assertThat(bars).containsExactly(new SourceBar(epoch("2024-01-02T00:00:00Z"), 1.1042, 1.1045, 1.0939, 1.0941, 0, Double.NaN));
        server.verify(getRequestedFor(urlPathEqualTo("/time_series")).withQueryParam("symbol", equalTo("EUR/USD"))
                .withQueryParam("start_date", equalTo("2024-01-01")).withQueryParam("end_date", equalTo("2024-01-05")));
    }

    @Test
    void aRateLimitBodyIsWaitedForUntilTheNextMinute() {
        server.stubFor(get(urlPathEqualTo("/time_series")).inScenario("credits").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("{\"code\":429,\"message\":\"You have run out of API credits for the current minute. 9 API credits "
                        + "were used, with the current limit being 8.\",\"status\":\"error\"}")).willSetStateTo("served"));
        server.stubFor(get(urlPathEqualTo("/time_series")).inScenario("credits").whenScenarioStateIs("served")
                .willReturn(okJson(series("AAPL", "1day", value("2024-01-02", "185.64")))));
        // by this clock the next minute starts in 0.5 s
        TwelveDataSource twelve = source(SourceFixtures.clockAt("2024-06-01T12:00:59.500Z"));

        long started = System.nanoTime();
        List<SourceBar> bars = fetchAll(twelve, request("AAPL", "AAPL", BarResolution.DAILY, "2024-01-01T00:00:00Z", "2024-01-05T00:00:00Z"));

        assertThat(bars).hasSize(1);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
        server.verify(2, getRequestedFor(urlPathEqualTo("/time_series")));
    }

    @Test
    void noDataForTheDatesIsAnEmptyWindow() {
        server.stubFor(get(urlPathEqualTo("/time_series")).willReturn(okJson("{\"code\":400,\"message\":\"No data is available on the "
                + "specified dates. Try setting different start/end dates.\",\"status\":\"error\"}")));

        assertThat(fetchAll(source(), request("AAPL", "AAPL", BarResolution.DAILY, "2024-01-06T00:00:00Z", "2024-01-08T00:00:00Z"))).isEmpty();
    }

    @Test
    void aRefusedKeyFailsWithoutTheKeyInTheErrorOrTheLogs() {
        // a 503 first, so that a retry is logged too
        server.stubFor(get(urlPathEqualTo("/time_series")).inScenario("key").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
        server.stubFor(get(urlPathEqualTo("/time_series")).inScenario("key").whenScenarioStateIs("up").willReturn(okJson(
                "{\"code\":401,\"message\":\"**apikey** parameter is incorrect or not specified. You can get your free API key "
                        + "instantly following this link: https://twelvedata.com/pricing.\",\"status\":\"error\"}")));

        try (SourceFixtures.CapturedLogs logs = new SourceFixtures.CapturedLogs()) {
            assertThatThrownBy(() -> fetchAll(source(), request("AAPL", "AAPL", BarResolution.DAILY, "2024-01-01T00:00:00Z",
                    "2024-01-05T00:00:00Z"))).isInstanceOfSatisfying(BacktestException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.DATA_FETCH_FAILED);
                        assertThat(e.getMessage()).contains("twelvedata", "AAPL", "code 401", "apikey");
                        StringWriter trace = new StringWriter();
                        e.printStackTrace(new PrintWriter(trace));
                        assertThat(trace.toString() + e.details()).doesNotContain(KEY);
                    });
            assertThat(logs.text()).contains("twelvedata", "HTTP 503").doesNotContain(KEY);
        }
        server.verify(2, getRequestedFor(urlPathEqualTo("/time_series")));   // the refused key is not retried
    }

    @Test
    void aKeyEchoedByTheProviderIsMaskedInTheError() {
        server.stubFor(get(urlPathEqualTo("/time_series")).willReturn(okJson("{\"code\":403,\"message\":\"key " + KEY
                + " has no access to this symbol\",\"status\":\"error\"}")));

        assertThatThrownBy(() -> fetchAll(source(), request("AAPL", "AAPL", BarResolution.DAILY, "2024-01-01T00:00:00Z", "2024-01-05T00:00:00Z")))
                .isInstanceOfSatisfying(BacktestException.class, e -> {
                    assertThat(e.getMessage()).contains("key *** has no access").doesNotContain(KEY);
                    assertThat(e.details().toString()).doesNotContain(KEY);
                });
    }

    @Test
    void malformedJsonIsDataFetchFailed() {
        server.stubFor(get(urlPathEqualTo("/time_series")).willReturn(okJson("{\"values\":[{\"datetime\":\"2024-01-02\",")));

        assertThatThrownBy(() -> fetchAll(source(), request("AAPL", "AAPL", BarResolution.DAILY, "2024-01-01T00:00:00Z", "2024-01-05T00:00:00Z")))
                .isInstanceOfSatisfying(BacktestException.class, e -> assertThat(e.details().get("reason")).asString().contains("malformed JSON"));
    }

    @Test
    void aSlowAnswerTimesOut() {
        server.stubFor(get(urlPathEqualTo("/time_series")).willReturn(okJson(series("AAPL", "1day")).withFixedDelay(1500)));
        Clock clock = SourceFixtures.clockAt("2024-06-01T00:00:00Z");

        SourceFixtures.assertTimesOut(new TwelveDataSource(SourceFixtures.base(server), KEY, SourceFixtures.impatient(clock), client),
                request("AAPL", "AAPL", BarResolution.DAILY, "2024-01-01T00:00:00Z", "2024-01-05T00:00:00Z"));
    }

    @Test
    void anHttp429IsRetriedAfterItsRetryAfter() {
        server.stubFor(get(urlPathEqualTo("/time_series")).inScenario("limit").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")).willSetStateTo("served"));
        server.stubFor(get(urlPathEqualTo("/time_series")).inScenario("limit").whenScenarioStateIs("served")
                .willReturn(okJson(series("AAPL", "1day", value("2024-01-02", "185.64")))));

        long started = System.nanoTime();
        List<SourceBar> bars = fetchAll(source(), request("AAPL", "AAPL", BarResolution.DAILY, "2024-01-01T00:00:00Z", "2024-01-05T00:00:00Z"));

        assertThat(bars).extracting(SourceBar::close).containsExactly(185.64);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        server.verify(2, getRequestedFor(urlPathEqualTo("/time_series")));
    }
}
