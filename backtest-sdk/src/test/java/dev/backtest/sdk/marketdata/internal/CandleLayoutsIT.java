package dev.backtest.sdk.marketdata.internal;

import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.Timeframe;
import dev.backtest.sdk.BacktestClient;
import dev.backtest.sdk.marketdata.CandleQuery;
import dev.backtest.sdk.marketdata.DataRange;
import dev.backtest.sdk.marketdata.MarketDataService;
import dev.backtest.sdk.marketdata.SourceResolution;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/** The two file layouts, the three timestamp encodings and the catalogue give the same candles and ranges. */
class CandleLayoutsIT {

    @TempDir
    Path dir;
    private BacktestClient client;

    @BeforeEach
    void start() {
        client = BacktestClient.builder().ignoreEnvironment().embedded(dir.resolve("data")).sampleData(false).build();
    }

    @AfterEach
    void stop() {
        client.close();
    }

    @Test
    void dailyLayoutGivesTheSameCandlesAsTheYearlyLayout() {
        MinuteBars bars = MinuteBars.random(11, MinuteBars.at("2024-12-27T10:17:00"), MinuteBars.at("2025-01-03T05:00:00"), 0.3, 0.15);
        bars.storeYearly(client, "LAY", MinuteBars.Stamp.TIMESTAMP, dir);
        bars.storeDaily(client, "LAY", MinuteBars.Stamp.SECONDS, dir);

        for (Timeframe tf : Timeframe.values()) {
            CandleQuery q = client.candles().symbol("LAY").between(LocalDate.of(2024, 12, 20), LocalDate.of(2025, 1, 10)).timeframe(tf);
            CandleSeries yearly = q.fetch();
            CandleSeries daily = q.sourceResolution(SourceResolution.DAILY).fetch();

            MinuteBars.assertEqual(yearly, bars.aggregate(tf, 0, Long.MAX_VALUE), "yearly " + tf);
            MinuteBars.assertEqual(daily, bars.aggregate(tf, 0, Long.MAX_VALUE), "daily " + tf);
        }
    }

    @Test
    void secondsMillisecondsTimestampAndTimestampTzColumnsGiveIdenticalCandles() {
        MinuteBars bars = MinuteBars.random(12, MinuteBars.at("2024-03-30T00:00:00"), MinuteBars.at("2024-04-02T00:00:00"), 0.7, 0);
        bars.storeYearly(client, "SEC", MinuteBars.Stamp.SECONDS, dir);
        bars.storeYearly(client, "MS", MinuteBars.Stamp.MILLISECONDS, dir);
        bars.storeYearly(client, "TS", MinuteBars.Stamp.TIMESTAMP, dir);
        bars.storeYearly(client, "TSTZ", MinuteBars.Stamp.TIMESTAMP_TZ, dir);
        Instant start = MinuteBars.at("2024-03-30T07:13:00");
        Instant end = MinuteBars.at("2024-04-01T19:41:00");

        for (Timeframe tf : Timeframe.values()) {
            CandleSeries sec = client.candles().symbol("SEC").between(start, end).timeframe(tf).fetch();
            CandleSeries ms = client.candles().symbol("MS").between(start, end).timeframe(tf).fetch();
            CandleSeries ts = client.candles().symbol("TS").between(start, end).timeframe(tf).fetch();
            CandleSeries tstz = client.candles().symbol("TSTZ").between(start, end).timeframe(tf).fetch();

            MinuteBars.assertEqual(sec, bars.aggregate(tf, start.getEpochSecond(), end.getEpochSecond()), "seconds " + tf);
            assertThat(ms.time()).isEqualTo(sec.time());
            assertThat(ts.time()).isEqualTo(sec.time());
            MinuteBars.assertEqual(tstz, bars.aggregate(tf, start.getEpochSecond(), end.getEpochSecond()), "timestamptz " + tf);
            assertThat(ms.close()).isEqualTo(sec.close());
            assertThat(ts.close()).isEqualTo(sec.close());
            assertThat(ms.open()).isEqualTo(sec.open());
            assertThat(ts.high()).isEqualTo(sec.high());
            assertThat(ms.low()).isEqualTo(sec.low());
        }
    }

    @Test
    void catalogueListsSymbolsAndFirstAndLastBarPerLayout() {
        MinuteBars a = MinuteBars.random(13, MinuteBars.at("2023-12-30T03:00:00"), MinuteBars.at("2024-01-02T00:00:00"), 0.5, 0);
        MinuteBars b = MinuteBars.random(14, MinuteBars.at("2024-07-01T00:00:00"), MinuteBars.at("2024-07-03T00:00:00"), 0.5, 0);
        a.storeYearly(client, "AAA", MinuteBars.Stamp.SECONDS, dir);
        a.storeDaily(client, "AAA", MinuteBars.Stamp.MILLISECONDS, dir);
        b.storeDaily(client, "BBB", MinuteBars.Stamp.TIMESTAMP, dir);
        MarketDataService md = client.marketData();

        assertThat(md.symbols(SourceResolution.YEARLY)).containsExactly("AAA");
        assertThat(md.symbols(SourceResolution.DAILY)).containsExactly("AAA", "BBB");
        assertThat(md.symbols(SourceResolution.DAILY_BARS)).isEmpty();
        assertThat(md.range("AAA", SourceResolution.DAILY_BARS)).isEmpty();
        for (SourceResolution layout : java.util.List.of(SourceResolution.YEARLY, SourceResolution.DAILY)) {
            DataRange r = md.range("AAA", layout).orElseThrow();
            assertThat(r.first()).as(layout.code()).isEqualTo(Instant.ofEpochSecond(a.time()[0]));
            assertThat(r.last()).as(layout.code()).isEqualTo(Instant.ofEpochSecond(a.time()[a.size() - 1]));
        }
        DataRange bbb = md.range("BBB", SourceResolution.DAILY).orElseThrow();
        assertThat(bbb.first()).isEqualTo(Instant.ofEpochSecond(b.time()[0]));
        assertThat(bbb.last()).isEqualTo(Instant.ofEpochSecond(b.time()[b.size() - 1]));
        assertThat(bbb.firstDate()).isEqualTo(LocalDate.of(2024, 7, 1));
        assertThat(md.range("BBB", SourceResolution.YEARLY)).isEmpty();
    }
}
