package dev.backtest.sdk.source.internal;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.source.BarResolution;
import dev.backtest.sdk.source.SourceBar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
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

/** Binance klines through XChange against WireMock (XChange's base URL pointed at it, no remote metadata). */
class BinanceSourceIT {

    private static final String KLINES = "/api/v3/klines";
    private static final Clock CLOCK = SourceFixtures.clockAt("2024-06-01T00:00:00Z");
    /** A fresh WireMock server for the class, its stubs and requests reset before each test. */
    @RegisterExtension
    static final WireMockExtension server = SourceFixtures.wireMock();

    private BinanceSource source(SourceSettings settings) {
        return new BinanceSource(SourceFixtures.base(server), settings);
    }

    private BinanceSource source() {
        return source(SourceFixtures.fast(CLOCK));
    }

    /** Binance's kline array: open time, OHLCV as strings, close time, quote volume, trades, taker volumes, ignored. */
    private static String kline(long openMillis, long widthMillis, double close) {
        return "[%d,\"%s\",\"%s\",\"%s\",\"%s\",\"12.5\",%d,\"528000.1\",310,\"6.2\",\"262000.0\",\"0\"]"
                .formatted(openMillis, close - 1, close + 2, close - 2, close, openMillis + widthMillis - 1);
    }

    private static String klines(long fromMillis, int count, long widthMillis) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(kline(fromMillis + i * widthMillis, widthMillis, 42000 + i));
        }
        return "[" + String.join(",", out) + "]";
    }

    @Test
    void pagesByTimeInCallsOf1000Klines() {
        long from = epoch("2024-01-01T00:00:00Z") * 1000;
        long second = from + 1000 * 60_000L;
        server.stubFor(get(urlPathEqualTo(KLINES)).withQueryParam("startTime", equalTo(Long.toString(from)))
                .willReturn(okJson(klines(from, 1000, 60_000))));
        server.stubFor(get(urlPathEqualTo(KLINES)).withQueryParam("startTime", equalTo(Long.toString(second)))
                .willReturn(okJson(klines(second, 2, 60_000))));

        List<SourceBar> bars = fetchAll(source(), request("BTC", "BTCUSDT", BarResolution.MINUTE, "2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z"));

        assertThat(bars).hasSize(1002);
        assertThat(bars.get(0)).isEqualTo(new SourceBar(epoch("2024-01-01T00:00:00Z"), 41999, 42002, 41998, 42000, 12.5, Double.NaN));
        assertThat(bars.get(1001).time()).isEqualTo(epoch("2024-01-01T16:41:00Z"));
        server.verify(2, getRequestedFor(urlPathEqualTo(KLINES)).withQueryParam("symbol", equalTo("BTCUSDT"))
                .withQueryParam("interval", equalTo("1m")).withQueryParam("limit", equalTo("1000"))
                .withQueryParam("endTime", equalTo(Long.toString(epoch("2024-01-02T00:00:00Z") * 1000 - 1))));
    }

    @Test
    void dailyKlinesOpenAtMidnightUtc() {
        long day = 86_400_000L;
        long from = epoch("2024-01-01T00:00:00Z") * 1000;
        server.stubFor(get(urlPathEqualTo(KLINES)).willReturn(okJson(klines(from, 3, day))));

        List<SourceBar> bars = fetchAll(source(), request("ETH", "ETH/USDT", BarResolution.DAILY, "2024-01-01T00:00:00Z", "2024-01-04T00:00:00Z"));

        assertThat(bars).extracting(SourceBar::time).containsExactly(epoch("2024-01-01T00:00:00Z"), epoch("2024-01-02T00:00:00Z"),
                epoch("2024-01-03T00:00:00Z"));
        server.verify(getRequestedFor(urlPathEqualTo(KLINES)).withQueryParam("symbol", equalTo("ETHUSDT"))
                .withQueryParam("interval", equalTo("1d")));
    }

    @Test
    void leavesOutTheKlineStillOpen() {
        long from = epoch("2024-01-02T00:00:00Z") * 1000;
        server.stubFor(get(urlPathEqualTo(KLINES)).willReturn(okJson(klines(from, 2, 60_000))));
        BinanceSource binance = source(SourceFixtures.fast(SourceFixtures.clockAt("2024-01-02T00:01:30Z")));

        List<SourceBar> bars = fetchAll(binance, request("BTC", "BTCUSDT", BarResolution.MINUTE, "2024-01-02T00:00:00Z", "2024-01-03T00:00:00Z"));

        assertThat(bars).extracting(SourceBar::time).containsExactly(epoch("2024-01-02T00:00:00Z"));
        server.verify(1, getRequestedFor(urlPathEqualTo(KLINES)));
    }

    @Test
    void anEmptyRangeIsAnEmptyStream() {
        server.stubFor(get(urlPathEqualTo(KLINES)).willReturn(okJson("[]")));

        assertThat(fetchAll(source(), request("BTC", "BTCUSDT", BarResolution.MINUTE, "2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z"))).isEmpty();
        server.verify(1, getRequestedFor(urlPathEqualTo(KLINES)));
    }

    @Test
    void buildingTheSourceCallsNothing() {
        source();

        server.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aBinanceErrorCodeFailsOnceWithItsMessage() {
        server.stubFor(get(urlPathEqualTo(KLINES)).willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody("{\"code\":-1121,\"msg\":\"Invalid symbol.\"}")));

        assertThatThrownBy(() -> fetchAll(source(), request("XYZ", "XYZUSDT", BarResolution.MINUTE, "2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z")))
                .isInstanceOfSatisfying(BacktestException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DATA_FETCH_FAILED);
                    assertThat(e.getMessage()).contains("binance", "XYZ", "HTTP 400", "-1121 Invalid symbol.");
                    assertThat(e.details()).containsEntry("provider", "binance").containsEntry("symbol", "XYZ");
                });
        server.verify(1, getRequestedFor(urlPathEqualTo(KLINES)));
    }

    @Test
    void retriesA429AfterRetryAfter() {
        long from = epoch("2024-01-01T00:00:00Z") * 1000;
        server.stubFor(get(urlPathEqualTo(KLINES)).inScenario("weight").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1").withHeader("Content-Type", "application/json")
                        .withBody("{\"code\":-1003,\"msg\":\"Too much request weight used; current limit is 1200 request weight per 1 MINUTE.\"}"))
                .willSetStateTo("served"));
        server.stubFor(get(urlPathEqualTo(KLINES)).inScenario("weight").whenScenarioStateIs("served").willReturn(okJson(klines(from, 3, 60_000))));

        long started = System.nanoTime();
        List<SourceBar> bars = fetchAll(source(), request("BTC", "BTCUSDT", BarResolution.MINUTE, "2024-01-01T00:00:00Z", "2024-01-01T00:03:00Z"));

        assertThat(bars).hasSize(3);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        server.verify(2, getRequestedFor(urlPathEqualTo(KLINES)));
    }

    @Test
    void retriesServerErrorsThenGivesUp() {
        server.stubFor(get(urlPathEqualTo(KLINES)).willReturn(aResponse().withStatus(502).withBody("<html>bad gateway</html>")));

        assertThatThrownBy(() -> fetchAll(source(), request("BTC", "BTCUSDT", BarResolution.MINUTE, "2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z")))
                .isInstanceOfSatisfying(BacktestException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DATA_FETCH_FAILED);
                    assertThat(e.details().get("reason")).asString().contains("HTTP 502");
                });
        server.verify(3, getRequestedFor(urlPathEqualTo(KLINES)));
    }

    @Test
    void malformedJsonIsDataFetchFailed() {
        server.stubFor(get(urlPathEqualTo(KLINES)).willReturn(okJson("[[1704067200000,\"42000.0\",")));

        assertThatThrownBy(() -> fetchAll(source(), request("BTC", "BTCUSDT", BarResolution.MINUTE, "2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z")))
                .isInstanceOfSatisfying(BacktestException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DATA_FETCH_FAILED);
                    assertThat(e.details().get("reason")).asString().contains("malformed JSON");
                });
        server.verify(1, getRequestedFor(urlPathEqualTo(KLINES)));
    }

    @Test
    void aSlowAnswerTimesOut() {
        server.stubFor(get(urlPathEqualTo(KLINES)).willReturn(okJson("[]").withFixedDelay(1500)));
        SourceFixtures.assertTimesOut(source(SourceFixtures.impatient(CLOCK)),
                request("BTC", "BTCUSDT", BarResolution.MINUTE, "2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z"));
    }

    @Test
    void refusesASymbolItCannotSplitIntoAPair() {
        assertThatThrownBy(() -> fetchAll(source(), request("X", "BTCXYZ", BarResolution.MINUTE, "2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z")))
                .isInstanceOfSatisfying(BacktestException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DATA_FETCH_FAILED);
                    assertThat(e.getMessage()).contains("'BTCXYZ' is not a Binance spot symbol", "BTC/USDT");
                });
        server.verify(0, anyRequestedFor(anyUrl()));
    }
}
