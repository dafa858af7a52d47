package dev.backtest.sdk.source.internal;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.source.BarResolution;
import dev.backtest.sdk.source.FetchRequest;
import dev.backtest.sdk.source.SourceBar;
import dev.backtest.sdk.testing.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

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

/** Yahoo Finance's chart API against WireMock, and the plumbing every HTTP provider shares (retries, breaker, timeout). */
class YahooSourceIT {

    private static final Clock CLOCK = SourceFixtures.clockAt("2024-03-01T00:00:00Z");
    /** A fresh WireMock server for the class, its stubs and requests reset before each test. */
    @RegisterExtension
    static final WireMockExtension server = SourceFixtures.wireMock();

    private final HttpClient client = ProviderHttp.client(Duration.ofSeconds(2));

    private YahooSource source(SourceSettings settings) {
        return new YahooSource(SourceFixtures.base(server), settings, client);
    }

    private YahooSource source() {
        return source(SourceFixtures.fast(CLOCK));
    }

    /** A chart answer: meta with the zone, timestamps, and quote/adjclose arrays given as JSON array text. */
    private static String chart(String zone, String timestamps, String open, String high, String low, String close, String volume,
                                String adjclose) {
        return """
                {"chart":{"result":[{"meta":{"currency":"USD","symbol":"X","exchangeTimezoneName":"%s","gmtoffset":0,"dataGranularity":"1d"},
                "timestamp":%s,
                "indicators":{"quote":[{"open":%s,"high":%s,"low":%s,"close":%s,"volume":%s}],"adjclose":[{"adjclose":%s}]}}],
                "error":null}}""".formatted(zone, timestamps, open, high, low, close, volume, adjclose);
    }

    @Test
    void dailyBarOfAUsStockLandsOnItsTradingDateAtMidnightUtcWithTheAdjustedCloseApart() {
        // sessions open at 09:30 New York: 14:30 UTC in January
        String body = chart("America/New_York", "[" + epoch("2024-01-02T14:30:00Z") + "," + epoch("2024-01-03T14:30:00Z") + "]",
                "[472.16,470.43]", "[473.67,471.19]", "[470.49,468.17]", "[472.65,468.79]", "[123623700,103585900]",
                "[464.10,460.31]");
        server.stubFor(get(urlPathEqualTo("/v8/finance/chart/SPY")).willReturn(okJson(body)));

        List<SourceBar> bars = fetchAll(source(), request("SPY", "SPY", BarResolution.DAILY, "2024-01-02T00:00:00Z", "2024-01-04T00:00:00Z"));

        assertThat(bars).containsExactly(
                new SourceBar(epoch("2024-01-02T00:00:00Z"), 472.16, 473.67, 470.49, 472.65, 123623700, 464.10),
                new SourceBar(epoch("2024-01-03T00:00:00Z"), 470.43, 471.19, 468.17, 468.79, 103585900, 460.31));
        server.verify(getRequestedFor(urlPathEqualTo("/v8/finance/chart/SPY"))
                .withQueryParam("interval", equalTo("1d"))
                .withQueryParam("includeAdjustedClose", equalTo("true"))
                .withQueryParam("period1", equalTo(Long.toString(epoch("2024-01-01T00:00:00Z"))))   // a day wider each side
                .withQueryParam("period2", equalTo(Long.toString(epoch("2024-01-05T00:00:00Z")))));
    }

    @Test
    void dailyBarOfATokyoStockLandsOnItsLocalTradingDateNotOnThePreviousUtcDay() {
        // Yahoo stamps this Tokyo session 2024-01-04 00:00 JST, which is 2024-01-03 15:00 UTC
        String body = chart("Asia/Tokyo", "[" + epoch("2024-01-03T15:00:00Z") + "]", "[2530.0]", "[2590.5]", "[2522.0]", "[2585.5]",
                "[21000000]", "[2585.5]");
        server.stubFor(get(urlPathEqualTo("/v8/finance/chart/7203.T")).willReturn(okJson(body)));

        List<SourceBar> bars = fetchAll(source(), request("TM", "7203.T", BarResolution.DAILY, "2024-01-04T00:00:00Z", "2024-01-05T00:00:00Z"));

        assertThat(bars).extracting(SourceBar::time).containsExactly(epoch("2024-01-04T00:00:00Z"));
    }

    @Test
    void usesTheGmtOffsetWhenTheZoneNameIsUnknown() {
        String body = chart("Mars/Olympus", "[" + epoch("2024-01-03T23:00:00Z") + "]", "[1]", "[2]", "[0.5]", "[1.5]", "[10]", "[null]")
                .replace("\"gmtoffset\":0", "\"gmtoffset\":39600");  // Sydney in summer: +11:00
        server.stubFor(get(urlPathEqualTo("/v8/finance/chart/BHP.AX")).willReturn(okJson(body)));

        List<SourceBar> bars = fetchAll(source(), request("BHP", "BHP.AX", BarResolution.DAILY, "2024-01-01T00:00:00Z", "2024-01-10T00:00:00Z"));

        assertThat(bars).singleElement().satisfies(b -> {
            assertThat(b.time()).isEqualTo(epoch("2024-01-04T00:00:00Z"));
            assertThat(b.adjustedClose()).isNaN();
        });
    }

    @Test
    void skipsBarsWithNullPrices() {
        String body = chart("America/New_York", "[" + epoch("2024-01-02T14:30:00Z") + "," + epoch("2024-01-03T14:30:00Z") + ","
                        + epoch("2024-01-04T14:30:00Z") + "]",
                "[1,null,3]", "[2,2,4]", "[0.5,0.5,2]", "[1.5,1.5,3.5]", "[10,null,null]", "[1.4,1.4,3.4]");
        server.stubFor(get(urlPathEqualTo("/v8/finance/chart/SPY")).willReturn(okJson(body)));

        List<SourceBar> bars = fetchAll(source(), request("SPY", "SPY", BarResolution.DAILY, "2024-01-01T00:00:00Z", "2024-01-10T00:00:00Z"));

        assertThat(bars).extracting(SourceBar::time).containsExactly(epoch("2024-01-02T00:00:00Z"), epoch("2024-01-04T00:00:00Z"));
        assertThat(bars.get(1).volume()).isZero();
    }

    @Test
    void anEmptyRangeIsAnEmptyStream() {
        server.stubFor(get(urlPathEqualTo("/v8/finance/chart/SPY")).willReturn(okJson("""
                {"chart":{"result":[{"meta":{"symbol":"SPY","exchangeTimezoneName":"America/New_York"},
                "indicators":{"quote":[{}],"adjclose":[{}]}}],"error":null}}""")));

        assertThat(fetchAll(source(), request("SPY", "SPY", BarResolution.DAILY, "2024-01-06T00:00:00Z", "2024-01-08T00:00:00Z"))).isEmpty();
    }

    @Test
    void aChartErrorFailsOnceNamingProviderSymbolAndReason() {
        server.stubFor(get(urlPathEqualTo("/v8/finance/chart/NOPE")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"chart\":{\"result\":null,\"error\":{\"code\":\"Not Found\",\"description\":\"No data found, symbol may be delisted\"}}}")));

        assertThatThrownBy(() -> fetchAll(source(), request("NOPE", "NOPE", BarResolution.DAILY, "2024-01-01T00:00:00Z", "2024-02-01T00:00:00Z")))
                .isInstanceOfSatisfying(BacktestException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DATA_FETCH_FAILED);
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains("yahoo", "NOPE", "No data found, symbol may be delisted");
                    assertThat(e.details()).containsEntry("provider", "yahoo").containsEntry("symbol", "NOPE")
                            .containsKey("reason").doesNotContainKey("retry_after_seconds");
                });
        server.verify(1, getRequestedFor(urlPathEqualTo("/v8/finance/chart/NOPE")));   // not retried
    }

    @Test
    void retriesA429AfterTheSecondsOfRetryAfter() {
        stubRateLimitedOnce(aResponse().withStatus(429).withHeader("Retry-After", "1"));

        long started = System.nanoTime();
        List<SourceBar> bars = fetchAll(source(), request("SPY", "SPY", BarResolution.DAILY, "2024-01-02T00:00:00Z", "2024-01-03T00:00:00Z"));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(1000));
        assertThat(bars).hasSize(1);
        server.verify(2, getRequestedFor(urlPathEqualTo("/v8/finance/chart/SPY")));
    }

    @Test
    void retriesA429AfterTheHttpDateOfRetryAfter() {
        // by the source's clock (2024-03-01T00:00:00Z) the date is one second ahead
        stubRateLimitedOnce(aResponse().withStatus(429).withHeader("Retry-After", "Fri, 01 Mar 2024 00:00:01 GMT"));

        long started = System.nanoTime();
        fetchAll(source(), request("SPY", "SPY", BarResolution.DAILY, "2024-01-02T00:00:00Z", "2024-01-03T00:00:00Z"));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(1000));
        server.verify(2, getRequestedFor(urlPathEqualTo("/v8/finance/chart/SPY")));
    }

    private void stubRateLimitedOnce(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder limited) {
        String ok = chart("America/New_York", "[" + epoch("2024-01-02T14:30:00Z") + "]", "[1]", "[2]", "[0.5]", "[1.5]", "[10]", "[1.4]");
        server.stubFor(get(urlPathEqualTo("/v8/finance/chart/SPY")).inScenario("limit").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(limited.withBody("{\"finance\":{\"error\":{\"code\":\"Too Many Requests\"}}}")).willSetStateTo("served"));
        server.stubFor(get(urlPathEqualTo("/v8/finance/chart/SPY")).inScenario("limit").whenScenarioStateIs("served")
                .willReturn(okJson(ok)));
    }

    @Test
    void aRetryAfterLongerThanTheLongestWaitFailsAtOnceSayingWhenToComeBack() {
        server.stubFor(get(urlPathEqualTo("/v8/finance/chart/SPY")).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3600")));

        assertThatThrownBy(() -> fetchAll(source(), request("SPY", "SPY", BarResolution.DAILY, "2024-01-02T00:00:00Z", "2024-01-03T00:00:00Z")))
                .isInstanceOfSatisfying(BacktestException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DATA_FETCH_FAILED);
                    assertThat(e.getMessage()).contains("429");
                    assertThat(e.details()).containsEntry("retry_after_seconds", 3600L);
                });
        server.verify(1, getRequestedFor(urlPathEqualTo("/v8/finance/chart/SPY")));
    }

    @Test
    void retriesServerErrorsWithBackoffThenGivesUp() {
        server.stubFor(get(urlPathEqualTo("/v8/finance/chart/SPY")).willReturn(aResponse().withStatus(503).withBody("upstream down")));

        assertThatThrownBy(() -> fetchAll(source(), request("SPY", "SPY", BarResolution.DAILY, "2024-01-02T00:00:00Z", "2024-01-03T00:00:00Z")))
                .isInstanceOfSatisfying(BacktestException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DATA_FETCH_FAILED);
                    assertThat(e.details().get("reason")).asString().contains("HTTP 503");
                });
        server.verify(3, getRequestedFor(urlPathEqualTo("/v8/finance/chart/SPY")));   // the first try and 2 retries
    }

    @Test
    void malformedJsonFailsWithoutRetrying() {
        server.stubFor(get(urlPathEqualTo("/v8/finance/chart/SPY")).willReturn(okJson("{\"chart\":{\"result\":[{\"meta\":")));

        assertThatThrownBy(() -> fetchAll(source(), request("SPY", "SPY", BarResolution.DAILY, "2024-01-02T00:00:00Z", "2024-01-03T00:00:00Z")))
                .isInstanceOfSatisfying(BacktestException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DATA_FETCH_FAILED);
                    assertThat(e.details().get("reason")).asString().contains("malformed JSON");
                });
        server.verify(1, getRequestedFor(urlPathEqualTo("/v8/finance/chart/SPY")));
    }

    @Test
    void aSlowAnswerTimesOut() {
        server.stubFor(get(urlPathEqualTo("/v8/finance/chart/SPY")).willReturn(okJson("{}").withFixedDelay(1500)));

        long started = System.nanoTime();
        SourceFixtures.assertTimesOut(source(SourceFixtures.impatient(CLOCK)),
                request("SPY", "SPY", BarResolution.DAILY, "2024-01-02T00:00:00Z", "2024-01-03T00:00:00Z"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1400));
    }

    @Test
    void theCircuitBreakerOpensAfterRepeatedFailuresAndLetsATrialThroughAfterItsDelay() {
        server.stubFor(get(urlPathEqualTo("/v8/finance/chart/SPY")).willReturn(aResponse().withStatus(500)));
        SourceSettings settings = SourceFixtures.fast(CLOCK).withRetries(0, Duration.ofMillis(10))
                .withLimits("yahoo", new ProviderLimits(60_000, 1_000, 3, Duration.ofMillis(500)));
        YahooSource yahoo = source(settings);
        FetchRequest r = request("SPY", "SPY", BarResolution.DAILY, "2024-01-02T00:00:00Z", "2024-01-03T00:00:00Z");

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> fetchAll(yahoo, r)).hasMessageContaining("HTTP 500");
        }
        assertThatThrownBy(() -> fetchAll(yahoo, r)).isInstanceOfSatisfying(BacktestException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.DATA_FETCH_FAILED);
            assertThat(e.getMessage()).contains("circuit breaker open");
            assertThat(e.details()).containsKey("retry_after_seconds");
        });
        server.verify(3, getRequestedFor(urlPathEqualTo("/v8/finance/chart/SPY")));   // the fourth never left

        server.resetAll();
        server.stubFor(get(urlPathEqualTo("/v8/finance/chart/SPY")).willReturn(okJson(chart("America/New_York",
                "[" + epoch("2024-01-02T14:30:00Z") + "]", "[1]", "[2]", "[0.5]", "[1.5]", "[10]", "[1.4]"))));
        Await.await(() -> {
            try {
                return fetchAll(yahoo, r).size() == 1;   // refused while open, then the trial call passes
            } catch (BacktestException stillOpen) {
                assertThat(stillOpen.getMessage()).contains("circuit breaker open");
                return false;
            }
        }, Duration.ofSeconds(10));
        server.verify(1, getRequestedFor(urlPathEqualTo("/v8/finance/chart/SPY")));
    }

    @Test
    void minuteBarsComeFromTheLast30DaysInWindowsOfSevenDays() {
        // the clock is 2024-03-01T00:00Z: Yahoo keeps minutes back to about 2024-01-31; 29 days: from 2024-02-01
        server.stubFor(get(urlPathEqualTo("/v8/finance/chart/SPY")).willReturn(okJson(minuteChart(epoch("2024-02-05T14:30:00Z")))));

        List<SourceBar> bars = fetchAll(source(), request("SPY", "SPY", BarResolution.MINUTE, "2024-01-01T00:00:00Z", "2024-02-20T00:00:00Z"));

        assertThat(bars).extracting(SourceBar::time).containsExactly(epoch("2024-02-05T14:30:00Z"), epoch("2024-02-05T14:31:00Z"));
        assertThat(bars).allSatisfy(b -> assertThat(b.adjustedClose()).isNaN());
        for (String[] w : new String[][] {{"2024-02-01T00:00:00Z", "2024-02-08T00:00:00Z"}, {"2024-02-08T00:00:00Z", "2024-02-15T00:00:00Z"},
                {"2024-02-15T00:00:00Z", "2024-02-20T00:00:00Z"}}) {
            server.verify(getRequestedFor(urlPathEqualTo("/v8/finance/chart/SPY")).withQueryParam("interval", equalTo("1m"))
                    .withQueryParam("period1", equalTo(Long.toString(epoch(w[0])))).withQueryParam("period2", equalTo(Long.toString(epoch(w[1])))));
        }
        server.verify(3, getRequestedFor(urlPathEqualTo("/v8/finance/chart/SPY")));
    }

    /** Two whole minutes from {@code start} and a bar in progress stamped with its last trade (skipped). */
    private static String minuteChart(long start) {
        return chart("America/New_York", "[" + start + "," + (start + 60) + "," + (start + 137) + "]", "[1,2,3]", "[2,3,4]", "[0.5,1,2]",
                "[1.5,2.5,3.5]", "[10,20,30]", "[]").replace("\"adjclose\":[{\"adjclose\":[]}]", "\"adjclose\":[]");
    }

    @Test
    void closingTheStreamStopsThePaging() {
        server.stubFor(get(urlPathEqualTo("/v8/finance/chart/SPY")).willReturn(okJson(minuteChart(epoch("2024-02-05T14:30:00Z")))));

        try (Stream<SourceBar> bars = source().fetch(request("SPY", "SPY", BarResolution.MINUTE, "2024-02-05T00:00:00Z",
                "2024-02-29T00:00:00Z"))) {
            Iterator<SourceBar> it = bars.iterator();
            assertThat(it.next().time()).isEqualTo(epoch("2024-02-05T14:30:00Z"));
        }
        server.verify(1, getRequestedFor(urlPathEqualTo("/v8/finance/chart/SPY")));
    }

    @Test
    void asksNothingBeforeTheStreamIsRead() {
        try (Stream<SourceBar> ignored = source().fetch(request("SPY", "SPY", BarResolution.DAILY, "2024-01-02T00:00:00Z",
                "2024-01-03T00:00:00Z"))) {
            server.verify(0, getRequestedFor(urlPathEqualTo("/v8/finance/chart/SPY")));
        }
    }
}
