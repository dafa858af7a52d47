package dev.backtest.server.marketdata;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

class HttpCachingTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 12, 7);

    @Test
    void rangesEndingBeforeYesterdayMayBeReusedForAnHourOthersRevalidated() {
        assertThat(HttpCaching.cacheControl(TODAY.minusDays(2), TODAY)).isEqualTo("private, max-age=3600");
        assertThat(HttpCaching.cacheControl(LocalDate.of(2024, 3, 10), TODAY)).isEqualTo("private, max-age=3600");
        assertThat(HttpCaching.cacheControl(TODAY.minusDays(1), TODAY)).as("yesterday: a refresh may still rewrite it")
                .isEqualTo("private, no-cache");
        assertThat(HttpCaching.cacheControl(TODAY, TODAY)).isEqualTo("private, no-cache");
        assertThat(HttpCaching.cacheControl(TODAY.plusDays(30), TODAY)).isEqualTo("private, no-cache");
    }

    @Test
    void etagDependsOnVersionAndEveryPartOfTheRequest() {
        CandleParams p = CandleParams.single("BTC", "2024-01-01", "2024-01-31", "1h", null, null);
        String etag = RenderedCandles.etag("k=e1;", p, "COLUMNS");
        assertThat(etag).startsWith("W/\"").endsWith("\"").isEqualTo(RenderedCandles.etag("k=e1;",
                CandleParams.single("BTC", "2024-01-01", "2024-01-31", null, "1Y", "columns"), "COLUMNS"));
        assertThat(RenderedCandles.etag("k=e2;", p, "COLUMNS")).isNotEqualTo(etag);
        assertThat(RenderedCandles.etag("k=e1;", p, "ROWS")).isNotEqualTo(etag);
        assertThat(RenderedCandles.etag("k=e1;", CandleParams.single("BTC", "2024-01-01", "2024-01-30", "1h", null, null), "COLUMNS"))
                .isNotEqualTo(etag);
        assertThat(RenderedCandles.etag("k=e1;", CandleParams.single("ETH", "2024-01-01", "2024-01-31", "1h", null, null), "COLUMNS"))
                .isNotEqualTo(etag);
    }
}
