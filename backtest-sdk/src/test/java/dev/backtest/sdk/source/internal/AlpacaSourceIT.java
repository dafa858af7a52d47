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

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
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

/** Alpaca Market Data v2 (stocks and crypto) against WireMock. */
class AlpacaSourceIT {

    private static final String KEY = "PKTESTKEYID0123456789";
    private static final String SECRET = "s3cr3t-alpaca-0123456789abcdef";
    private static final Clock CLOCK = SourceFixtures.clockAt("2024-08-01T00:00:00Z");
    /** A fresh WireMock server for the class, its stubs and requests reset before each test. */
    @RegisterExtension
    static final WireMockExtension server = SourceFixtures.wireMock();

    private final HttpClient client = ProviderHttp.client(Duration.ofSeconds(2));

    private AlpacaSource source() {
        return new AlpacaSource(SourceFixtures.base(server), KEY, SECRET, SourceFixtures.fast(CLOCK), client);
    }

    private static String bar(String t, double o, double h, double l, double c, double v) {
        return "{\"t\":\"%s\",\"o\":%s,\"h\":%s,\"l\":%s,\"c\":%s,\"v\":%s,\"n\":12,\"vw\":%s}".formatted(t, o, h, l, c, v, c);
    }

    @Test
    void sendsKeyAndSecretInTheirHeadersAndFollowsNextPageToken() {
        server.stubFor(get(urlPathEqualTo("/v2/stocks/AAPL/bars")).withQueryParam("page_token", absent()).willReturn(okJson(
                "{\"bars\":[" + bar("2024-01-02T14:30:00Z", 187.15, 187.3, 187.0, 187.2, 1200) + "," + bar("2024-01-02T14:31:00Z", 187.2, 187.5,
                        187.1, 187.4, 900) + "],\"symbol\":\"AAPL\",\"next_page_token\":\"QUFQTHxNfDIwMjQ=\"}")));
        server.stubFor(get(urlPathEqualTo("/v2/stocks/AAPL/bars")).withQueryParam("page_token", equalTo("QUFQTHxNfDIwMjQ=")).willReturn(okJson(
                "{\"bars\":[" + bar("2024-01-02T14:32:00Z", 187.4, 187.6, 187.3, 187.5, 800) + "],\"symbol\":\"AAPL\",\"next_page_token\":null}")));

        List<SourceBar> bars = fetchAll(source(), request("AAPL", "AAPL", BarResolution.MINUTE, "2024-01-02T14:30:00Z", "2024-01-02T21:00:00Z"));

        assertThat(bars).extracting(SourceBar::time).containsExactly(epoch("2024-01-02T14:30:00Z"), epoch("2024-01-02T14:31:00Z"),
                epoch("2024-01-02T14:32:00Z"));
        assertThat(bars.get(0)).isEqualTo(new SourceBar(epoch("2024-01-02T14:30:00Z"), 187.15, 187.3, 187.0, 187.2, 1200, Double.NaN));
        server.verify(2, getRequestedFor(urlPathEqualTo("/v2/stocks/AAPL/bars"))
                .withHeader("APCA-API-KEY-ID", equalTo(KEY))
                .withHeader("APCA-API-SECRET-KEY", equalTo(SECRET))
                .withQueryParam("timeframe", equalTo("1Min"))
                .withQueryParam("adjustment", equalTo("raw"))
                .withQueryParam("limit", equalTo("10000"))
                .withQueryParam("start", equalTo("2024-01-02T14:30:00Z"))
                .withQueryParam("end", equalTo("2024-01-02T20:59:59Z")));
    }

    @Test
    void dailyStockBarsLandOnTheirNewYorkDateWithTheAdjustedCloseOfAdjustmentAll() {
        // Alpaca starts a daily stock bar at midnight New York: 05:00Z in winter, 04:00Z in summer
        server.stubFor(get(urlPathEqualTo("/v2/stocks/SPY/bars")).withQueryParam("adjustment", equalTo("raw")).willReturn(okJson(
                "{\"bars\":[" + bar("2024-01-02T05:00:00Z", 472.16, 473.67, 470.49, 472.65, 1e8) + "," + bar("2024-07-01T04:00:00Z", 545.6,
                        545.9, 542.5, 545.3, 4e7) + "],\"symbol\":\"SPY\",\"next_page_token\":null}")));
        server.stubFor(get(urlPathEqualTo("/v2/stocks/SPY/bars")).withQueryParam("adjustment", equalTo("all")).willReturn(okJson(
                "{\"bars\":[" + bar("2024-01-02T05:00:00Z", 464.0, 465.5, 462.4, 464.10, 1e8) + "," + bar("2024-07-01T04:00:00Z", 541.0,
                        541.3, 538.0, 540.8, 4e7) + "],\"symbol\":\"SPY\",\"next_page_token\":null}")));

        List<SourceBar> bars = fetchAll(source(), request("SPY", "SPY", BarResolution.DAILY, "2024-01-01T00:00:00Z", "2024-07-02T00:00:00Z"));

        assertThat(bars).containsExactly(
                new SourceBar(epoch("2024-01-02T00:00:00Z"), 472.16, 473.67, 470.49, 472.65, 1e8, 464.10),
                new SourceBar(epoch("2024-07-01T00:00:00Z"), 545.6, 545.9, 542.5, 545.3, 4e7, 540.8));
        server.verify(getRequestedFor(urlPathEqualTo("/v2/stocks/SPY/bars")).withQueryParam("timeframe", equalTo("1Day"))
                .withQueryParam("adjustment", equalTo("all")).withQueryParam("start", equalTo("2024-01-02T00:00:00Z")));
    }

    @Test
    void aSymbolWithASlashIsCryptoFromTheCryptoEndpoint() {
        server.stubFor(get(urlPathEqualTo("/v1beta3/crypto/us/bars")).withQueryParam("symbols", equalTo("BTC/USD")).willReturn(okJson(
                "{\"bars\":{\"BTC/USD\":[" + bar("2024-01-02T00:00:00Z", 42280.1, 42300.0, 42250.5, 42290.0, 1.25) + "," + bar(
                        "2024-01-02T00:01:00Z", 42290.0, 42310.0, 42280.0, 42305.5, 0.5) + "]},\"next_page_token\":null}")));

        List<SourceBar> bars = fetchAll(source(), request("BTC", "BTC/USD", BarResolution.MINUTE, "2024-01-02T00:00:00Z", "2024-01-03T00:00:00Z"));

        assertThat(bars).extracting(SourceBar::close).containsExactly(42290.0, 42305.5);
        server.verify(getRequestedFor(urlPathEqualTo("/v1beta3/crypto/us/bars")).withQueryParam("timeframe", equalTo("1Min"))
                .withQueryParam("adjustment", absent()).withHeader("APCA-API-KEY-ID", equalTo(KEY)));
    }

    @Test
    void anEmptyRangeIsAnEmptyStream() {
        server.stubFor(get(urlPathEqualTo("/v2/stocks/AAPL/bars")).willReturn(okJson("{\"bars\":null,\"symbol\":\"AAPL\",\"next_page_token\":null}")));
        server.stubFor(get(urlPathEqualTo("/v1beta3/crypto/us/bars")).willReturn(okJson("{\"bars\":{},\"next_page_token\":null}")));

        assertThat(fetchAll(source(), request("AAPL", "AAPL", BarResolution.MINUTE, "2024-01-06T00:00:00Z", "2024-01-07T00:00:00Z"))).isEmpty();
        assertThat(fetchAll(source(), request("ETH", "ETH/USD", BarResolution.DAILY, "2024-01-06T00:00:00Z", "2024-01-07T00:00:00Z"))).isEmpty();
    }

    @Test
    void aRefusedKeyFailsWithoutTheKeyInTheErrorOrTheLogs() {
        // a 503 first, so that a retry is logged too
        server.stubFor(get(urlPathEqualTo("/v2/stocks/AAPL/bars")).inScenario("key").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
        server.stubFor(get(urlPathEqualTo("/v2/stocks/AAPL/bars")).inScenario("key").whenScenarioStateIs("up").willReturn(aResponse()
                .withStatus(403).withHeader("Content-Type", "application/json").withBody("{\"message\":\"forbidden.\"}")));

        try (SourceFixtures.CapturedLogs logs = new SourceFixtures.CapturedLogs()) {
            assertThatThrownBy(() -> fetchAll(source(), request("AAPL", "AAPL", BarResolution.MINUTE, "2024-01-02T00:00:00Z",
                    "2024-01-03T00:00:00Z"))).isInstanceOfSatisfying(BacktestException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.DATA_FETCH_FAILED);
                        assertThat(e.getMessage()).contains("alpaca", "AAPL", "HTTP 403", "forbidden.");
                        StringWriter trace = new StringWriter();
                        e.printStackTrace(new PrintWriter(trace));
                        assertThat(trace.toString() + e.details()).doesNotContain(KEY).doesNotContain(SECRET);
                    });
            assertThat(logs.text()).contains("alpaca", "HTTP 503").doesNotContain(KEY).doesNotContain(SECRET);
        }
        server.verify(2, getRequestedFor(urlPathEqualTo("/v2/stocks/AAPL/bars")));   // the 403 is not retried
    }

    @Test
    void retriesA429AfterRetryAfter() {
        server.stubFor(get(urlPathEqualTo("/v2/stocks/AAPL/bars")).inScenario("limit").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1").withBody("{\"message\":\"too many requests.\"}"))
                .willSetStateTo("served"));
        server.stubFor(get(urlPathEqualTo("/v2/stocks/AAPL/bars")).inScenario("limit").whenScenarioStateIs("served").willReturn(okJson(
                "{\"bars\":[" + bar("2024-01-02T14:30:00Z", 1, 2, 0.5, 1.5, 10) + "],\"symbol\":\"AAPL\",\"next_page_token\":null}")));

        long started = System.nanoTime();
        List<SourceBar> bars = fetchAll(source(), request("AAPL", "AAPL", BarResolution.MINUTE, "2024-01-02T00:00:00Z", "2024-01-03T00:00:00Z"));

        assertThat(bars).hasSize(1);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        server.verify(2, getRequestedFor(urlPathEqualTo("/v2/stocks/AAPL/bars")));
    }

    @Test
    void malformedJsonIsDataFetchFailed() {
        server.stubFor(get(urlPathEqualTo("/v2/stocks/AAPL/bars")).willReturn(okJson("{\"bars\":[{\"t\":")));

        assertThatThrownBy(() -> fetchAll(source(), request("AAPL", "AAPL", BarResolution.MINUTE, "2024-01-02T00:00:00Z", "2024-01-03T00:00:00Z")))
                .isInstanceOfSatisfying(BacktestException.class, e -> assertThat(e.details().get("reason")).asString().contains("malformed JSON"));
    }

    @Test
    void aSlowAnswerTimesOut() {
        server.stubFor(get(urlPathEqualTo("/v2/stocks/AAPL/bars")).willReturn(okJson("{\"bars\":[]}").withFixedDelay(1500)));

        SourceFixtures.assertTimesOut(new AlpacaSource(SourceFixtures.base(server), KEY, SECRET, SourceFixtures.impatient(CLOCK), client),
                request("AAPL", "AAPL", BarResolution.MINUTE, "2024-01-02T00:00:00Z", "2024-01-03T00:00:00Z"));
    }
}
