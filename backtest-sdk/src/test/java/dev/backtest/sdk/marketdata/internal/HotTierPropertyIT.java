package dev.backtest.sdk.marketdata.internal;

import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.Timeframe;
import dev.backtest.error.BacktestException;
import dev.backtest.sdk.BacktestClient;
import dev.backtest.sdk.marketdata.HotTierStats;
import dev.backtest.sdk.marketdata.MarketDataListener;
import dev.backtest.sdk.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Property: the hot tier answers exactly as DuckDB does. Two clients share one object folder and file cache, neither
 * with a result cache: one with the hot tier off (every answer from DuckDB's SQL), one with it on. Random symbols of
 * 1-minute bars with gaps, in every timestamp encoding, spanning one to three yearly files (weeks and months crossing New
 * Year included), are queried over random ranges at every timeframe: the same times, open, high, low and close, the volume
 * within a relative 1e-9, and the same error when one side refuses.
 */
class HotTierPropertyIT {

    private static final int QUERIES = 400;

    @TempDir
    static Path dir;
    private static BacktestClient duck;
    private static BacktestClient hot;
    private static final AtomicLong HOT_DUCKDB_QUERIES = new AtomicLong();
    private static final List<Stored> SYMBOLS = new ArrayList<>();

    /** A symbol's bars and the span they were generated over. */
    private record Stored(String symbol, MinuteBars bars, long from, long to) {
    }

    @BeforeAll
    static void start() {
        Path data = dir.resolve("data");
        duck = BacktestClient.builder().ignoreEnvironment().embedded(data).databaseUrl(TestDatabases.freshH2())
                .candleCacheBytes(0).candleHotTierBytes(0).sampleData(false).build();
        hot = BacktestClient.builder().ignoreEnvironment().embedded(data).databaseUrl(TestDatabases.freshH2())
                .candleCacheBytes(0).sampleData(false).marketDataListener(new MarketDataListener() {
                    @Override
                    public void duckDbQuery(long nanos) {
                        HOT_DUCKDB_QUERIES.incrementAndGet();
                    }
                }).build();
        // spans chosen to cross New Year (2023/2024, and 2024/2025 whose first week starts on Monday 2024-12-30), to lie
        // inside one year, to cross a leap day, and to cover three years sparsely
        String[][] spans = {
                {"2023-12-01T00:00:00", "2024-02-10T00:00:00"},
                {"2024-12-20T13:07:00", "2025-01-20T00:00:00"},
                {"2024-02-20T00:00:00", "2024-03-05T00:00:00"},
                {"2024-06-01T00:00:00", "2024-09-30T00:00:00"},
                {"2022-11-15T00:00:00", "2025-01-15T00:00:00"},
                {"2023-12-25T00:00:00", "2024-01-08T00:00:00"},
        };
        for (int i = 0; i < spans.length; i++) {
            Instant from = MinuteBars.at(spans[i][0]);
            Instant to = MinuteBars.at(spans[i][1]);
            long minutes = (to.getEpochSecond() - from.getEpochSecond()) / 60;
            double density = Math.min(1.0, 60_000.0 / minutes);
            MinuteBars bars = MinuteBars.random(1000 + i, from, to, density, 0.15);
            String symbol = "HT" + i;
            MinuteBars.Stamp stamp = MinuteBars.Stamp.values()[i % MinuteBars.Stamp.values().length];
            bars.storeYearly(hot, symbol, stamp, dir);
            SYMBOLS.add(new Stored(symbol, bars, from.getEpochSecond(), to.getEpochSecond()));
        }
        duck.marketData().refreshListings();
    }

    @AfterAll
    static void stop() {
        for (BacktestClient c : new BacktestClient[] {hot, duck}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    void theHotTierAnswersAsDuckDbOnRandomSymbolsRangesAndTimeframes() {
        SplittableRandom r = new SplittableRandom(19);
        int nonEmpty = 0;
        int refused = 0;
        long duckBefore = HOT_DUCKDB_QUERIES.get();
        int beyondTwoYears = 0;
        for (int q = 0; q < QUERIES; q++) {
            Stored s = SYMBOLS.get(r.nextInt(SYMBOLS.size()));
            Timeframe tf = Timeframe.values()[r.nextInt(Timeframe.values().length)];
            long span = s.to() - s.from();
            // from a week before the data to a week after, on any second (mid-bucket starts and ends)
            long start = s.from() - 7 * 86_400L + r.nextLong(span + 14 * 86_400L);
            long length = switch (r.nextInt(4)) {
                case 0 -> 1 + r.nextLong(6 * 3600L);
                case 1 -> 1 + r.nextLong(20 * 86_400L);
                case 2 -> 1 + r.nextLong(120 * 86_400L);
                default -> 1 + r.nextLong(span + 14 * 86_400L);
            };
            long end = start + length;
            if (tf == Timeframe.M1 && length > 200 * 86_400L) {
                tf = Timeframe.M5; // keeps a 1m query under CANDLE_MAX_ROWS so both sides aggregate
            }
            String what = s.symbol() + " " + tf.code() + " [" + Instant.ofEpochSecond(start) + ", " + Instant.ofEpochSecond(end) + ")";
            Timeframe frame = tf;
            Outcome expected = outcome(() -> duck.candles().symbol(s.symbol()).between(Instant.ofEpochSecond(start),
                    Instant.ofEpochSecond(end)).timeframe(frame).fetch());
            Outcome actual = outcome(() -> hot.candles().symbol(s.symbol()).between(Instant.ofEpochSecond(start),
                    Instant.ofEpochSecond(end)).timeframe(frame).fetch());
            if (expected.error() != null) {
                assertThat(actual.error()).as(what + ": DuckDB refused with " + expected.error().code()).isNotNull();
                assertThat(actual.error().code()).as(what).isEqualTo(expected.error().code());
                assertThat(actual.error().getMessage()).as(what).isEqualTo(expected.error().getMessage());
                refused++;
                continue;
            }
            assertThat(actual.error()).as(what).isNull();
            assertSame(expected.series(), actual.series(), what);
            if (expected.series().size() > 0) {
                nonEmpty++;
            }
            if (year(end - 1) - year(start) + 1 > StoredMarketData.HOT_DECODES_PER_QUERY) {
                beyondTwoYears++;
            }
        }
        assertThat(nonEmpty).as("queries with candles").isGreaterThan(QUERIES / 2);
        assertThat(refused).as("ranges outside the data").isPositive();
        HotTierStats stats = hot.marketData().hotTierStats();
        assertThat(stats.misses()).as("symbol-years decoded once each").isBetween(1L, 13L);
        assertThat(stats.hits()).isGreaterThan(QUERIES / 2);
        assertThat(stats.bytes()).isPositive();
        // once every year is hot, DuckDB is not asked at all; before that only ranges over three not-yet-hot years reach it
        assertThat(HOT_DUCKDB_QUERIES.get() - duckBefore).as("DuckDB aggregations on the hot client").isLessThanOrEqualTo(beyondTwoYears);
    }

    @Test
    void everyTimeframeOverEveryWholeSpanMatches() {
        for (Stored s : SYMBOLS) {
            for (Timeframe tf : Timeframe.values()) {
                if (tf == Timeframe.M1 && s.to() - s.from() > 400 * 86_400L) {
                    continue;
                }
                CandleSeries expected = duck.candles().symbol(s.symbol()).between(Instant.ofEpochSecond(s.from()),
                        Instant.ofEpochSecond(s.to())).timeframe(tf).fetch();
                CandleSeries actual = hot.candles().symbol(s.symbol()).between(Instant.ofEpochSecond(s.from()),
                        Instant.ofEpochSecond(s.to())).timeframe(tf).fetch();
                assertSame(expected, actual, s.symbol() + " " + tf.code());
                MinuteBars.assertEqual(actual, s.bars().aggregate(tf, s.from(), s.to()), s.symbol() + " " + tf.code() + " brute force");
            }
        }
    }

    private static int year(long epochSecond) {
        return java.time.LocalDate.ofEpochDay(Math.floorDiv(epochSecond, 86_400L)).getYear();
    }

    private record Outcome(CandleSeries series, BacktestException error) {
    }

    private static Outcome outcome(Supplier<CandleSeries> query) {
        try {
            return new Outcome(query.get(), null);
        } catch (BacktestException e) {
            return new Outcome(null, e);
        }
    }

    static void assertSame(CandleSeries expected, CandleSeries actual, String what) {
        assertThat(actual.size()).as(what + ": candles").isEqualTo(expected.size());
        assertThat(actual.timeframe()).isEqualTo(expected.timeframe());
        assertThat(actual.symbol()).isEqualTo(expected.symbol());
        assertThat(actual.time()).as(what + ": times").isEqualTo(expected.time());
        assertThat(actual.open()).as(what + ": open").isEqualTo(expected.open());
        assertThat(actual.high()).as(what + ": high").isEqualTo(expected.high());
        assertThat(actual.low()).as(what + ": low").isEqualTo(expected.low());
        assertThat(actual.close()).as(what + ": close").isEqualTo(expected.close());
        for (int i = 0; i < expected.size(); i++) {
            double v = expected.volume()[i];
            assertThat(actual.volume()[i]).as(what + ": volume " + i).isCloseTo(v, within(Math.abs(v) * 1e-9 + 1e-12));
        }
    }
}
