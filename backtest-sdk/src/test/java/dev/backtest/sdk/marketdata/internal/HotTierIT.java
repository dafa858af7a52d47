package dev.backtest.sdk.marketdata.internal;

import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.Timeframe;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.BacktestClient;
import dev.backtest.sdk.marketdata.HotTierStats;
import dev.backtest.sdk.marketdata.MarketDataListener;
import dev.backtest.sdk.testing.Internals;
import dev.backtest.sdk.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The hot tier's life cycle: a new version of a hot year (an import, an upload) is what the next query sees; cache
 * clears drop decoded years; concurrent queries decode a year once; files the tier cannot serve exactly, ranges over
 * more years than a query may decode and a tier too small for a year are left to DuckDB; the tier can be turned off.
 */
class HotTierIT {

    @TempDir
    Path dir;
    private BacktestClient client;
    private final AtomicLong duckDbQueries = new AtomicLong();

    @BeforeEach
    void start() {
        client = client(256L << 20);
    }

    private BacktestClient client(long hotBytes) {
        return BacktestClient.builder().ignoreEnvironment().embedded(dir.resolve("data")).databaseUrl(TestDatabases.freshH2())
                .candleCacheBytes(0).candleHotTierBytes(hotBytes).sampleData(false).marketDataListener(new MarketDataListener() {
                    @Override
                    public void duckDbQuery(long nanos) {
                        duckDbQueries.incrementAndGet();
                    }
                }).build();
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
    }

    private CandleSeries hours(String symbol, LocalDate from, LocalDate to) {
        return client.candles().symbol(symbol).between(from, to).timeframe(Timeframe.H1).fetch();
    }

    private HotTierStats stats() {
        return client.marketData().hotTierStats();
    }

    @Test
    void barsImportedIntoAHotYearAreInTheNextQuery() throws Exception {
        MinuteBars stored = MinuteBars.random(1, MinuteBars.at("2024-03-01T00:00:00"), MinuteBars.at("2024-03-03T00:00:00"), 1, 0);
        stored.storeYearly(client, "IMPH", MinuteBars.Stamp.TIMESTAMP, dir);
        CandleSeries before = hours("IMPH", LocalDate.of(2024, 3, 1), LocalDate.of(2024, 3, 5));
        assertThat(before.size()).isEqualTo(48);
        assertThat(stats().misses()).isEqualTo(1);
        hours("IMPH", LocalDate.of(2024, 3, 1), LocalDate.of(2024, 3, 5));
        assertThat(stats().hits()).isEqualTo(1);
        assertThat(duckDbQueries.get()).isZero();

        Path csv = dir.resolve("more.csv");
        Files.writeString(csv, "time,open,high,low,close,volume\n2024-03-04T10:15:00Z,7.5,9,7,8,100\n2024-03-04T10:16:00Z,8,8.5,6,6.5,50\n");
        client.marketData().importCsv("IMPH", csv);

        CandleSeries after = hours("IMPH", LocalDate.of(2024, 3, 1), LocalDate.of(2024, 3, 5));
        assertThat(after.size()).isEqualTo(49);
        int last = after.size() - 1;
        assertThat(after.time()[last]).isEqualTo(MinuteBars.at("2024-03-04T10:00:00").getEpochSecond());
        assertThat(new double[] {after.open()[last], after.high()[last], after.low()[last], after.close()[last], after.volume()[last]})
                .containsExactly(7.5, 9, 6, 6.5, 150);
        assertThat(stats().misses()).as("the new version decoded").isEqualTo(2);
        assertThat(stats().years()).as("the old version dropped").isEqualTo(1);
        assertThat(duckDbQueries.get()).isZero();
    }

    @Test
    void anObjectReplacedInTheStoreIsReadAgainByItsNewEtag() {
        MinuteBars first = MinuteBars.random(2, MinuteBars.at("2024-05-01T00:00:00"), MinuteBars.at("2024-05-02T00:00:00"), 1, 0);
        first.storeYearly(client, "UPL", MinuteBars.Stamp.SECONDS, dir);
        CandleSeries before = hours("UPL", LocalDate.of(2024, 5, 1), LocalDate.of(2024, 5, 1));
        MinuteBars.assertEqual(before, first.aggregate(Timeframe.H1, 0, Long.MAX_VALUE), "first version");

        MinuteBars second = MinuteBars.random(3, MinuteBars.at("2024-05-01T00:00:00"), MinuteBars.at("2024-05-01T12:00:00"), 1, 0);
        second.storeYearly(client, "UPL", MinuteBars.Stamp.MILLISECONDS, dir);

        CandleSeries after = hours("UPL", LocalDate.of(2024, 5, 1), LocalDate.of(2024, 5, 1));
        MinuteBars.assertEqual(after, second.aggregate(Timeframe.H1, 0, Long.MAX_VALUE), "second version");
        assertThat(stats().misses()).isEqualTo(2);
        assertThat(stats().years()).isEqualTo(1);
    }

    @Test
    void clearingTheCachesDropsDecodedYears() {
        MinuteBars.random(4, MinuteBars.at("2024-01-10T00:00:00"), MinuteBars.at("2024-01-11T00:00:00"), 1, 0)
                .storeYearly(client, "CLA", MinuteBars.Stamp.TIMESTAMP_TZ, dir);
        MinuteBars.random(5, MinuteBars.at("2024-01-10T00:00:00"), MinuteBars.at("2024-01-11T00:00:00"), 1, 0)
                .storeYearly(client, "CLB", MinuteBars.Stamp.TIMESTAMP, dir);
        hours("CLA", LocalDate.of(2024, 1, 10), LocalDate.of(2024, 1, 10));
        hours("CLB", LocalDate.of(2024, 1, 10), LocalDate.of(2024, 1, 10));
        assertThat(stats().years()).isEqualTo(2);
        assertThat(stats().bytes()).isGreaterThan(2 * 1440 * 48L);

        client.marketData().clearCaches("CLA");
        assertThat(stats().years()).isEqualTo(1);
        client.marketData().clearCaches(null);
        assertThat(stats().years()).isZero();
        assertThat(stats().bytes()).isZero();

        hours("CLA", LocalDate.of(2024, 1, 10), LocalDate.of(2024, 1, 10));
        assertThat(stats().misses()).isEqualTo(3);
    }

    @Test
    void concurrentQueriesOfOneYearDecodeItOnce() throws Exception {
        MinuteBars bars = MinuteBars.random(6, MinuteBars.at("2024-02-01T00:00:00"), MinuteBars.at("2024-04-01T00:00:00"), 1, 0.1);
        bars.storeYearly(client, "CONC", MinuteBars.Stamp.TIMESTAMP, dir);
        client.marketData().range("CONC", dev.backtest.sdk.marketdata.SourceResolution.YEARLY); // downloads and lists
        int threads = 8;
        CyclicBarrier together = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<CandleSeries>> answers = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Timeframe tf = Timeframe.values()[i % Timeframe.values().length];
                answers.add(pool.submit(() -> {
                    together.await();
                    return client.candles().symbol("CONC").between(LocalDate.of(2024, 2, 1), LocalDate.of(2024, 3, 31)).timeframe(tf).fetch();
                }));
            }
            for (int i = 0; i < threads; i++) {
                Timeframe tf = Timeframe.values()[i % Timeframe.values().length];
                MinuteBars.assertEqual(answers.get(i).get(), bars.aggregate(tf, 0, Long.MAX_VALUE), "thread " + i);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(stats().misses()).isEqualTo(1);
        assertThat(stats().hits()).isEqualTo(threads - 1);
        assertThat(duckDbQueries.get()).isZero();
    }

    @Test
    void aRangeOverMoreYearsThanAQueryDecodesIsDuckDbsUntilTheyAreHot() {
        MinuteBars bars = MinuteBars.random(7, MinuteBars.at("2022-12-31T00:00:00"), MinuteBars.at("2024-01-02T00:00:00"), 0.01, 0);
        assertThat(bars.storeYearly(client, "LONG", MinuteBars.Stamp.TIMESTAMP, dir)).hasSize(3);
        LocalDate from = LocalDate.of(2022, 12, 31);
        LocalDate to = LocalDate.of(2024, 1, 1);
        CandleSeries scanned = hours("LONG", from, to);
        assertThat(duckDbQueries.get()).isEqualTo(1);
        assertThat(stats().misses()).isZero();

        hours("LONG", from, LocalDate.of(2023, 6, 1)); // 2022 and 2023 decoded
        hours("LONG", LocalDate.of(2023, 6, 1), to); // 2024 decoded
        assertThat(stats().misses()).isEqualTo(3);
        CandleSeries hot = hours("LONG", from, to);
        assertThat(duckDbQueries.get()).isEqualTo(1);
        HotTierPropertyIT.assertSame(scanned, hot, "three hot years");
    }

    @Test
    void filesTheTierCannotServeExactlyAreLeftToDuckDb() throws Exception {
        long t = MinuteBars.at("2024-07-01T00:00:00").getEpochSecond();
        String[] files = {
                // a repeated minute: DuckDB's arg_min would choose between the two
                "SELECT make_timestamp((" + t + " + 60 * (i // 2)) * 1000000) AS \"timestamp\", 1.0 + i AS open, 2.0 + i AS high,"
                        + " 0.5 AS low, 1.5 AS close, 1.0 AS volume FROM range(10) r(i)",
                // a NaN high
                "SELECT make_timestamp((" + t + " + 60 * i) * 1000000) AS \"timestamp\", 1.0 AS open,"
                        + " CASE WHEN i = 3 THEN 'NaN'::DOUBLE ELSE 2.0 END AS high, 0.5 AS low, 1.5 AS close, 1.0 AS volume FROM range(10) r(i)",
                // fractional unix seconds: DuckDB filters the raw value but rounds it into a bucket
                "SELECT " + t + " + 60 * i + 0.5 AS \"timestamp\", 1.0 AS open, 2.0 AS high, 0.5 AS low, 1.5 AS close, 1.0 AS volume"
                        + " FROM range(10) r(i)",
                // a bar of 2025 in the 2024 file
                "SELECT make_timestamp((" + t + " + 60 * i + CASE WHEN i = 9 THEN 200 * 86400 ELSE 0 END) * 1000000) AS \"timestamp\","
                        + " 1.0 AS open, 2.0 AS high, 0.5 AS low, 1.5 AS close, 1.0 AS volume FROM range(10) r(i)",
        };
        for (int i = 0; i < files.length; i++) {
            String symbol = "ODD" + i;
            Path file = dir.resolve(symbol + ".parquet");
            try (Connection c = Internals.duckDb(client).connect(); Statement s = c.createStatement()) {
                s.execute("COPY (" + files[i] + ") TO '" + file.toAbsolutePath() + "' (FORMAT parquet)");
            }
            client.storage().upload(ParquetLayout.yearlyKey(symbol, 2024), file);
            client.marketData().refreshListings();
            long before = duckDbQueries.get();
            CandleSeries first = hours(symbol, LocalDate.of(2024, 7, 1), LocalDate.of(2024, 7, 1));
            CandleSeries again = hours(symbol, LocalDate.of(2024, 7, 1), LocalDate.of(2024, 7, 1));
            assertThat(first.size()).as(symbol).isEqualTo(1);
            assertThat(duckDbQueries.get() - before).as(symbol + " answered by DuckDB").isEqualTo(2);
            assertThat(again.close()).isEqualTo(first.close());
        }
        assertThat(stats().misses()).as("each file looked at once").isEqualTo(files.length);
        assertThat(stats().bytes()).as("only markers kept").isLessThan(files.length * 1024L);
    }

    @Test
    void aCorruptYearIsRefusedAsBeforeAndTriedAgainNextTime() throws Exception {
        Path garbage = dir.resolve("garbage.parquet");
        Files.writeString(garbage, "this is not parquet at all");
        client.storage().upload(ParquetLayout.yearlyKey("BADH", 2024), garbage);
        client.marketData().refreshListings();
        for (int i = 0; i < 2; i++) {
            BacktestException e = catchThrowableOfType(() -> hours("BADH", LocalDate.of(2024, 3, 1), LocalDate.of(2024, 3, 2)),
                    BacktestException.class);
            assertThat(e.code()).isEqualTo(ErrorCode.DATA_CORRUPT);
            assertThat(e.getMessage()).contains(ParquetLayout.yearlyKey("BADH", 2024));
        }
        assertThat(stats().bytes()).isZero();
    }

    @Test
    void aTierSmallerThanAYearAndATierTurnedOffLeaveEverythingToDuckDb() {
        client.close();
        client = client(10_000);
        MinuteBars bars = MinuteBars.random(8, MinuteBars.at("2024-08-01T00:00:00"), MinuteBars.at("2024-08-02T00:00:00"), 1, 0);
        bars.storeYearly(client, "SMALL", MinuteBars.Stamp.TIMESTAMP, dir);
        for (int i = 0; i < 2; i++) {
            MinuteBars.assertEqual(hours("SMALL", LocalDate.of(2024, 8, 1), LocalDate.of(2024, 8, 1)),
                    bars.aggregate(Timeframe.H1, 0, Long.MAX_VALUE), "small tier");
        }
        assertThat(duckDbQueries.get()).isEqualTo(2);
        assertThat(stats().misses()).as("decoded once, found too large, remembered").isEqualTo(1);
        assertThat(stats().bytes()).isLessThan(1024);
        assertThat(stats().maxBytes()).isEqualTo(10_000);

        client.close();
        client = client(0);
        hours("SMALL", LocalDate.of(2024, 8, 1), LocalDate.of(2024, 8, 1));
        assertThat(duckDbQueries.get()).isEqualTo(3);
        assertThat(stats()).isEqualTo(new HotTierStats(0, 0, 0, 0, 0, 0, 0));
        assertThat(stats().hitRatio()).isZero();
    }

    @Test
    void evictionKeepsTheTierWithinItsBound() {
        client.close();
        // room for about one day of 1-minute bars
        client = client(1440 * 48L + 1024);
        for (int i = 0; i < 3; i++) {
            String symbol = "EV" + i;
            MinuteBars.random(10 + i, MinuteBars.at("2024-09-01T00:00:00"), MinuteBars.at("2024-09-02T00:00:00"), 0.9, 0)
                    .storeYearly(client, symbol, MinuteBars.Stamp.TIMESTAMP, dir);
            hours(symbol, LocalDate.of(2024, 9, 1), LocalDate.of(2024, 9, 1));
        }
        HotTierStats s = stats();
        assertThat(s.bytes()).isLessThanOrEqualTo(s.maxBytes());
        assertThat(s.evictions()).isPositive();
        assertThat(s.years()).isLessThan(3);
        assertThat(s.hitRatio()).isZero();
    }
}
