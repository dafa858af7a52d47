package dev.backtest.sdk.marketdata.internal;

import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.Timeframe;
import dev.backtest.sdk.BacktestClient;
import dev.backtest.sdk.marketdata.CandleCacheStats;
import dev.backtest.sdk.marketdata.CandleQuery;
import dev.backtest.sdk.testing.Internals;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/** The file cache follows ETags and the result cache follows the TTL rule, on an injected clock. */
class CandleCachingIT {

    @TempDir
    Path dir;
    private BacktestClient client;

    private BacktestClient client(MutableClock clock) {
        client = BacktestClient.builder().ignoreEnvironment().embedded(dir.resolve("data")).sampleData(false).clock(clock).build();
        return client;
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
    }

    @Test
    void replacedObjectIsDownloadedAgainAfterTheListingTtlAndAnUnchangedOneNever() {
        MutableClock clock = new MutableClock(MinuteBars.at("2026-01-10T12:00:00"));
        BacktestClient c = client(clock);
        MinuteBars before = MinuteBars.random(21, MinuteBars.at("2024-05-01T00:00:00"), MinuteBars.at("2024-05-03T00:00:00"), 0.5, 0);
        MinuteBars after = MinuteBars.random(22, MinuteBars.at("2024-05-01T00:00:00"), MinuteBars.at("2024-05-04T00:00:00"), 0.6, 0);
        MinuteBars other = MinuteBars.random(23, MinuteBars.at("2024-05-01T00:00:00"), MinuteBars.at("2024-05-03T00:00:00"), 0.5, 0);
        before.storeYearly(c, "CHG", MinuteBars.Stamp.SECONDS, dir);
        other.storeYearly(c, "SAME", MinuteBars.Stamp.SECONDS, dir);
        CandleQuery changed = c.candles().symbol("CHG").between(LocalDate.of(2024, 5, 1), LocalDate.of(2024, 5, 5)).timeframe("1h");
        CandleQuery same = c.candles().symbol("SAME").between(LocalDate.of(2024, 5, 1), LocalDate.of(2024, 5, 5)).timeframe("1h");
        MinuteBars.assertEqual(changed.fetch(), before.aggregate(Timeframe.H1, 0, Long.MAX_VALUE), "before");
        MinuteBars.assertEqual(same.fetch(), other.aggregate(Timeframe.H1, 0, Long.MAX_VALUE), "other");
        assertThat(c.marketData().downloads()).isEqualTo(2);

        // replaced through the store, without telling the service: only the listing TTL reveals it
        Path file = dir.resolve("replacement.parquet");
        after.writeParquet(Internals.duckDb(c), file, MinuteBars.Stamp.MILLISECONDS);
        c.storage().upload(ParquetLayout.yearlyKey("CHG", 2024), file);
        MinuteBars.assertEqual(changed.fetch(), before.aggregate(Timeframe.H1, 0, Long.MAX_VALUE), "within the listing TTL");

        clock.advance(StoredObjects.LISTING_TTL.plusSeconds(1));
        MinuteBars.assertEqual(changed.fetch(), after.aggregate(Timeframe.H1, 0, Long.MAX_VALUE), "after the listing TTL");
        MinuteBars.assertEqual(same.fetch(), other.aggregate(Timeframe.H1, 0, Long.MAX_VALUE), "other again");
        changed.timeframe("1d").fetch();
        same.timeframe("1d").fetch();
        assertThat(c.marketData().downloads()).isEqualTo(3);
    }

    @Test
    void clearingOneSymbolDropsItsResultsAndFilesAndLeavesTheOthers() {
        MutableClock clock = new MutableClock(MinuteBars.at("2026-01-10T12:00:00"));
        BacktestClient c = client(clock);
        MinuteBars a = MinuteBars.random(31, MinuteBars.at("2024-05-01T00:00:00"), MinuteBars.at("2024-05-03T00:00:00"), 0.5, 0);
        MinuteBars b = MinuteBars.random(32, MinuteBars.at("2024-05-01T00:00:00"), MinuteBars.at("2024-05-03T00:00:00"), 0.5, 0);
        a.storeYearly(c, "AAA", MinuteBars.Stamp.SECONDS, dir);
        b.storeYearly(c, "BBB", MinuteBars.Stamp.SECONDS, dir);
        CandleQuery qa = c.candles().symbol("AAA").between(LocalDate.of(2024, 5, 1), LocalDate.of(2024, 5, 3)).timeframe("1h");
        CandleQuery qb = c.candles().symbol("BBB").between(LocalDate.of(2024, 5, 1), LocalDate.of(2024, 5, 3)).timeframe("1h");
        CandleSeries firstA = qa.fetch();
        CandleSeries firstB = qb.fetch();
        assertThat(c.marketData().downloads()).isEqualTo(2);

        var cleared = c.marketData().clearCaches("AAA");
        assertThat(cleared.symbol()).isEqualTo("AAA");
        assertThat(cleared.results()).isEqualTo(1);
        assertThat(cleared.files()).isEqualTo(1);
        assertThat(qb.fetch()).as("another symbol's result stays").isSameAs(firstB);
        CandleSeries again = qa.fetch();
        assertThat(again).isNotSameAs(firstA).isEqualTo(firstA);
        assertThat(c.marketData().downloads()).as("AAA downloaded again, BBB not").isEqualTo(3);

        var all = c.marketData().clearCaches(null);
        assertThat(all.symbol()).isNull();
        assertThat(all.results()).isEqualTo(2);
        assertThat(all.files()).isEqualTo(2);
        qb.fetch();
        assertThat(c.marketData().downloads()).isEqualTo(4);
    }

    @Test
    void rangeBeforeTodayStaysCachedForHours() {
        MutableClock clock = new MutableClock(MinuteBars.at("2024-06-10T12:00:00"));
        BacktestClient c = client(clock);
        MinuteBars.random(24, MinuteBars.at("2024-06-01T00:00:00"), MinuteBars.at("2024-06-10T11:00:00"), 0.2, 0)
                .storeYearly(c, "OLD", MinuteBars.Stamp.SECONDS, dir);
        CandleQuery q = c.candles().symbol("OLD").between(LocalDate.of(2024, 6, 1), LocalDate.of(2024, 6, 9)).timeframe("4h");
        CandleSeries first = q.fetch();

        clock.advance(Duration.ofHours(6));
        CandleSeries later = q.fetch();

        assertThat(later).isSameAs(first);
        CandleCacheStats stats = c.marketData().cacheStats();
        assertThat(stats.hits()).isEqualTo(1);
        assertThat(stats.misses()).isEqualTo(1);
    }

    @Test
    void rangeTouchingTodayExpiresAfterSixtySeconds() {
        MutableClock clock = new MutableClock(MinuteBars.at("2024-06-10T12:00:00"));
        BacktestClient c = client(clock);
        MinuteBars.random(25, MinuteBars.at("2024-06-09T00:00:00"), MinuteBars.at("2024-06-10T11:00:00"), 0.5, 0)
                .storeYearly(c, "NOW", MinuteBars.Stamp.SECONDS, dir);
        CandleQuery q = c.candles().symbol("NOW").between(LocalDate.of(2024, 6, 9), LocalDate.of(2024, 6, 10)).timeframe("1h");
        CandleSeries first = q.fetch();

        clock.advance(Duration.ofSeconds(59));
        assertThat(q.fetch()).isSameAs(first);
        assertThat(c.marketData().cacheStats().hits()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(2));
        CandleSeries again = q.fetch();

        assertThat(again).isNotSameAs(first).isEqualTo(first);
        assertThat(c.marketData().cacheStats().hits()).isEqualTo(1);
        assertThat(c.marketData().cacheStats().misses()).isEqualTo(2);
    }

    @Test
    void fetchIfCachedAnswersOnlyFromMemoryAndCountsOnlyItsHits() {
        MutableClock clock = new MutableClock(MinuteBars.at("2024-06-10T12:00:00"));
        BacktestClient c = client(clock);
        MinuteBars bars = MinuteBars.random(25, MinuteBars.at("2024-06-01T00:00:00"), MinuteBars.at("2024-06-09T00:00:00"), 0.2, 0);
        bars.storeYearly(c, "MEM", MinuteBars.Stamp.SECONDS, dir);
        CandleQuery q = c.candles().symbol("MEM").between(LocalDate.of(2024, 6, 1), LocalDate.of(2024, 6, 8)).timeframe("1h");

        assertThat(q.fetchIfCached()).as("nothing listed or computed yet").isEmpty();
        assertThat(c.marketData().downloads()).as("no I/O for a miss").isZero();
        CandleSeries fetched = q.fetch();
        assertThat(q.fetchIfCached()).as("same result, from memory").containsSame(fetched);
        assertThat(q.timeframe("4h").fetchIfCached()).as("another timeframe was never computed").isEmpty();
        CandleCacheStats stats = c.marketData().cacheStats();
        assertThat(stats.hits()).isEqualTo(1);
        assertThat(stats.misses()).isEqualTo(1);

        clock.advance(StoredObjects.LISTING_TTL.plusSeconds(1));
        assertThat(q.fetchIfCached()).as("the listing is stale: answering would list the store").isEmpty();
        assertThat(q.fetch()).as("fetch lists again and finds the same objects").isSameAs(fetched);
        assertThat(q.fetchIfCached()).containsSame(fetched);
        MinuteBars.assertEqual(fetched, bars.aggregate(Timeframe.H1, 0, Long.MAX_VALUE), "MEM 1h");
    }

    @Test
    void dataVersionNamesTheObjectsOfTheCachedAnswerAndChangesWhenOneIsReplaced() {
        MutableClock clock = new MutableClock(MinuteBars.at("2026-01-10T12:00:00"));
        BacktestClient c = client(clock);
        MinuteBars before = MinuteBars.random(31, MinuteBars.at("2024-05-01T00:00:00"), MinuteBars.at("2024-05-03T00:00:00"), 0.5, 0);
        MinuteBars after = MinuteBars.random(32, MinuteBars.at("2024-05-01T00:00:00"), MinuteBars.at("2024-05-04T00:00:00"), 0.6, 0);
        before.storeYearly(c, "VER", MinuteBars.Stamp.SECONDS, dir);
        CandleQuery q = c.candles().symbol("VER").between(LocalDate.of(2024, 5, 1), LocalDate.of(2024, 5, 5)).timeframe("1h");

        CandleSeries first = q.fetch();
        String version = q.dataVersion(first).orElseThrow();
        assertThat(version).contains(ParquetLayout.yearlyKey("VER", 2024));
        assertThat(q.dataVersion(q.fetchIfCached().orElseThrow())).as("stable across hits").contains(version);
        assertThat(q.timeframe("4h").dataVersion(first)).as("not the cached answer of that request").isEmpty();
        CandleSeries copy = new CandleSeries(first.symbol(), first.timeframe(), first.time(), first.open(), first.high(), first.low(),
                first.close(), first.volume());
        assertThat(q.dataVersion(copy)).as("an equal series computed elsewhere is not this answer").isEmpty();
        long hits = c.marketData().cacheStats().hits();

        Path file = dir.resolve("replacement.parquet");
        after.writeParquet(Internals.duckDb(c), file, MinuteBars.Stamp.MILLISECONDS);
        c.storage().upload(ParquetLayout.yearlyKey("VER", 2024), file);
        clock.advance(StoredObjects.LISTING_TTL.plusSeconds(1));
        CandleSeries second = q.fetch();
        assertThat(q.dataVersion(second)).isPresent().get().isNotEqualTo(version);
        assertThat(q.dataVersion(first)).as("the old answer is no longer cached").isEmpty();
        assertThat(c.marketData().cacheStats().hits()).as("asking for the version is no hit").isEqualTo(hits);
    }
}
