package dev.backtest.sdk.marketdata.internal;

import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.Timeframe;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.BacktestClient;
import dev.backtest.sdk.config.WatchedSymbol;
import dev.backtest.sdk.marketdata.ImportReport;
import dev.backtest.sdk.marketdata.MarketDataListener;
import dev.backtest.sdk.marketdata.RefreshReport;
import dev.backtest.sdk.marketdata.RefreshReport.Outcome;
import dev.backtest.sdk.marketdata.RefreshReport.SymbolRefresh;
import dev.backtest.sdk.marketdata.RefreshRequest;
import dev.backtest.sdk.marketdata.SourceResolution;
import dev.backtest.sdk.source.BarResolution;
import dev.backtest.sdk.source.BarSource;
import dev.backtest.sdk.source.FetchRequest;
import dev.backtest.sdk.source.SourceBar;
import dev.backtest.sdk.storage.ObjectInfo;
import dev.backtest.sdk.storage.ObjectStore;
import dev.backtest.sdk.storage.internal.ObjectFileCache;
import dev.backtest.sdk.task.internal.DataTaskLog;
import dev.backtest.sdk.testing.Internals;
import dev.backtest.sdk.testing.S3Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

import static dev.backtest.sdk.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The refresh on real Parquet files, on the local folder store and on an S3 server (S3Proxy through the MinIO client):
 * incremental from the last stored bar with its overlap, loss-free merging, idempotence (a refresh with nothing new
 * writes nothing: the ETag stays), and every failure (mid-stream, verification, upload, a crash between the verified
 * write and the replace) leaving the stored object as it was.
 */
class RefreshIT {

    enum Store { LOCAL, S3 }

    private static final AtomicInteger SYMBOLS = new AtomicInteger();
    private static S3Server s3;

    @TempDir
    Path dir;
    private BacktestClient client;
    private MutableClock clock;
    private StoredMarketData service;
    /** The hooks into the merge, armed by a test. */
    private volatile BiConsumer<String, Path> afterWrite = (k, f) -> { };
    private volatile BiConsumer<String, Path> afterVerify = (k, f) -> { };
    /** Uploads through the service under test. */
    private final AtomicInteger uploads = new AtomicInteger();

    @BeforeAll
    static void startS3() {
        s3 = S3Server.start();
    }

    @AfterAll
    static void stopS3() {
        s3.close();
    }

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
        if (client != null) {
            client.close();
        }
    }

    private void open(Store store, Instant now) {
        open(store, now, s -> s);
    }

    private void open(Store store, Instant now, java.util.function.UnaryOperator<ObjectStore> wrap) {
        var builder = BacktestClient.builder().ignoreEnvironment().embedded(dir.resolve("data"));
        if (store == Store.S3) {
            builder.minio(s3.endpoint(), S3Server.ACCESS_KEY, S3Server.SECRET_KEY);
        }
        client = builder.build();
        clock = new MutableClock(now);
        ObjectStore objects = wrap.apply(new ForwardingObjectStore(client.storage()) {
            @Override
            public ObjectInfo upload(String key, Path source) {
                uploads.incrementAndGet();
                return delegate.upload(key, source);
            }
        });
        YearMerger.Stages stages = new YearMerger.Stages() {
            @Override
            public void written(String key, Path file) {
                afterWrite.accept(key, file);
            }

            @Override
            public void verified(String key, Path file) {
                afterVerify.accept(key, file);
            }
        };
        service = new StoredMarketData(objects, new ObjectFileCache(dir.resolve("cache"), objects), Internals.duckDb(client), 1_000_000, 0, 0,
                clock, MarketDataListener.NONE, new DataTaskLog(Internals.database(client), clock), stages);
    }

    private static String symbol() {
        return "RF" + SYMBOLS.incrementAndGet();
    }

    private RefreshReport refresh(String symbol, BarSource source) {
        return service.refresh(RefreshRequest.of(List.of(new WatchedSymbol(symbol, source.name(), symbol + "USDT")),
                Map.of(source.name(), source)));
    }

    private String etag(String key) {
        return client.storage().stat(key).map(ObjectInfo::etag).orElse(null);
    }

    private CandleSeries candles(String symbol, Timeframe tf, Instant from, Instant to) {
        return service.query().symbol(symbol).between(from, to).timeframe(tf).fetch();
    }

    /** The bars as the store serves them, 1-minute candles compared field by field. */
    private static void assertBars(CandleSeries actual, List<SourceBar> expected) {
        assertThat(actual.size()).as("bar count").isEqualTo(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            SourceBar e = expected.get(i);
            String at = "bar " + i + " @" + Instant.ofEpochSecond(e.time());
            assertThat(actual.time()[i]).as(at).isEqualTo(e.time());
            assertThat(new double[] {actual.open()[i], actual.high()[i], actual.low()[i], actual.close()[i], actual.volume()[i]})
                    .as(at).containsExactly(e.open(), e.high(), e.low(), e.close(), e.volume());
        }
    }

    /** Stored bars kept, fetched bars replacing those of the same time: the merge the test expects, by brute force. */
    private static List<SourceBar> union(List<SourceBar> stored, List<SourceBar> fetched) {
        TreeMap<Long, SourceBar> byTime = new TreeMap<>();
        stored.forEach(b -> byTime.put(b.time(), b));
        fetched.forEach(b -> byTime.put(b.time(), b));
        return new ArrayList<>(byTime.values());
    }

    private static List<SourceBar> before(List<SourceBar> bars, long t) {
        return bars.stream().filter(b -> b.time() < t).toList();
    }

    private String status(UUID task) {
        try {
            return (String) task(task).get("status");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Until {@code latch} opens; an interrupt ends it with the flag set, as a provider's HTTP call does. */
    private static void block(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private Map<String, Object> task(UUID id) throws SQLException {
        try (Connection c = Internals.database(client).dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT * FROM data_tasks WHERE id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("task " + id + " recorded").isTrue();
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnLabel(i).toLowerCase(java.util.Locale.ROOT), rs.getObject(i));
                }
                return row;
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void refreshesFromTheHistoryStartThenIncrementallyWithTheOverlapAndWritesNothingWhenNothingIsNew(Store store) throws SQLException {
        Instant now = Instant.parse("2025-03-10T12:00:30Z");
        open(store, now);
        String sym = symbol();
        long t0 = Instant.parse("2025-03-10T09:00:00Z").getEpochSecond();
        List<SourceBar> first = FakeBarSource.minutes(t0, t0 + 180 * 60, 100);
        FakeBarSource source = new FakeBarSource("binance", BarResolution.MINUTE, BarResolution.DAILY).serving(first);
        String key = ParquetLayout.yearlyKey(sym, 2025);

        RefreshReport r1 = refresh(sym, source);

        FetchRequest asked = source.requests.get(0);
        assertThat(asked).isEqualTo(new FetchRequest(sym, sym + "USDT", BarResolution.MINUTE,
                Instant.parse("2023-03-10T12:00:00Z"), now));
        assertThat(r1.symbols()).singleElement().satisfies(s -> {
            assertThat(s.outcome()).isEqualTo(Outcome.UPDATED);
            assertThat(s.layout()).isEqualTo(SourceResolution.YEARLY);
            assertThat(s.barsFetched()).isEqualTo(180);
            assertThat(s.barsAdded()).isEqualTo(180);
            assertThat(s.objectsWritten()).containsExactly(key);
        });
        assertBars(candles(sym, Timeframe.M1, Instant.ofEpochSecond(t0), now), first);
        Map<String, Object> task = task(r1.taskId());
        assertThat(task).containsEntry("kind", "refresh").containsEntry("status", "completed").containsEntry("progress", 100)
                .containsEntry("bars_written", 180L).containsEntry("objects_written", 1).containsEntry("symbols", sym);
        assertThat(task.get("user_id")).isNull();
        String etag = etag(key);
        int uploaded = uploads.get();

        // nothing new: the overlap is fetched again, the merge equals what is stored, nothing is written
        RefreshReport r2 = refresh(sym, source);

        long lastBar = t0 + 179 * 60;
        assertThat(source.requests.get(1).from()).isEqualTo(Instant.ofEpochSecond(lastBar).minus(Duration.ofMinutes(60)));
        assertThat(r2.symbols()).singleElement().satisfies(s -> {
            assertThat(s.outcome()).isEqualTo(Outcome.UNCHANGED);
            assertThat(s.barsFetched()).isEqualTo(61);
            assertThat(s.barsAdded() + s.barsChanged()).isZero();
            assertThat(s.objectsWritten()).isEmpty();
        });
        assertThat(etag(key)).as("ETag after a refresh with nothing new").isEqualTo(etag);
        assertThat(uploads.get()).as("uploads of a refresh with nothing new").isEqualTo(uploaded);
        assertThat(task(r2.taskId())).containsEntry("status", "completed").containsEntry("bars_written", 0L);

        // half an hour later: 30 new bars, and the provider revised the last 10 bars it had given
        clock.advance(Duration.ofMinutes(30));
        List<SourceBar> revised = new ArrayList<>(before(first, lastBar - 9 * 60));
        for (SourceBar b : first.subList(170, 180)) {
            revised.add(new SourceBar(b.time(), b.open(), b.high() * 1.01, b.low(), b.close(), b.volume() + 1, Double.NaN));
        }
        revised.addAll(FakeBarSource.minutes(t0 + 180 * 60, t0 + 210 * 60, 120));
        source.serving(revised);

        RefreshReport r3 = refresh(sym, source);

        assertThat(r3.symbols().get(0)).satisfies(s -> {
            assertThat(s.outcome()).isEqualTo(Outcome.UPDATED);
            assertThat(s.barsAdded()).isEqualTo(30);
            assertThat(s.barsChanged()).isEqualTo(10);
        });
        assertThat(etag(key)).isNotEqualTo(etag);
        assertBars(candles(sym, Timeframe.M1, Instant.ofEpochSecond(t0), clock.instant()), union(first, revised));
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void keepsEveryStoredBarTheSourceNoLongerHasAndReplacesOnlyBarsOfTheSameTime(Store store) {
        long t0 = Instant.parse("2024-06-01T00:00:00Z").getEpochSecond();
        open(store, Instant.ofEpochSecond(t0 + 180 * 60));
        String sym = symbol();
        List<SourceBar> stored = FakeBarSource.minutes(t0, t0 + 120 * 60, 50);
        FakeBarSource source = new FakeBarSource("binance", BarResolution.MINUTE).serving(stored);
        refresh(sym, source);
        // the provider lost its first 90 minutes (the overlap window starts at minute 59) and prices differ from minute 90
        List<SourceBar> fetched = FakeBarSource.minutes(t0 + 90 * 60, t0 + 180 * 60, 70);
        source.serving(fetched);

        RefreshReport r = refresh(sym, source);

        assertThat(source.requests.get(1).from()).isEqualTo(Instant.ofEpochSecond(t0 + 59 * 60));
        assertThat(r.symbols().get(0).barsAdded()).isEqualTo(60);
        assertThat(r.symbols().get(0).barsChanged()).isEqualTo(30);
        assertBars(candles(sym, Timeframe.M1, Instant.ofEpochSecond(t0), Instant.ofEpochSecond(t0 + 180 * 60)), union(stored, fetched));
        assertThat(candles(sym, Timeframe.H1, Instant.ofEpochSecond(t0), Instant.ofEpochSecond(t0 + 180 * 60)).size()).isEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void aFailureMidStreamLeavesTheStoredObjectAsItWasAndTheOtherSymbolsGoOn(Store store) throws SQLException {
        long t0 = Instant.parse("2024-12-31T22:00:00Z").getEpochSecond();
        open(store, Instant.ofEpochSecond(t0 + 60 * 60));
        String broken = symbol();
        String fine = symbol();
        List<SourceBar> stored = FakeBarSource.minutes(t0, t0 + 60 * 60, 10);
        FakeBarSource flaky = new FakeBarSource("binance", BarResolution.MINUTE).serving(stored);
        FakeBarSource steady = new FakeBarSource("yahoo", BarResolution.MINUTE).serving(stored);
        refresh(broken, flaky);
        String key = ParquetLayout.yearlyKey(broken, 2024);
        String etag = etag(key);
        clock.advance(Duration.ofHours(3)); // across the new year: 2024 and 2025 would both be touched
        List<SourceBar> more = union(stored, FakeBarSource.minutes(t0 + 60 * 60, t0 + 240 * 60, 11));
        flaky.serving(more).failingAfter(100);
        steady.serving(more);

        RefreshReport r = service.refresh(RefreshRequest.of(List.of(new WatchedSymbol(broken, "binance", broken),
                new WatchedSymbol(fine, "yahoo", fine)), Map.of("binance", flaky, "yahoo", steady)));

        SymbolRefresh failed = r.symbols().get(0);
        assertThat(failed.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(failed.errorCode()).isEqualTo(ErrorCode.DATA_FETCH_FAILED);
        assertThat(failed.errorMessage()).contains("fake source binance failed for " + broken);
        assertThat(failed.objectsWritten()).isEmpty();
        assertThat(etag(key)).as("the stored object after a failure mid-stream").isEqualTo(etag);
        assertThat(client.storage().stat(ParquetLayout.yearlyKey(broken, 2025))).isEmpty();
        assertBars(candles(broken, Timeframe.M1, Instant.ofEpochSecond(t0), clock.instant()), stored);
        assertThat(r.symbols().get(1).outcome()).isEqualTo(Outcome.UPDATED);
        assertThat(r.symbols().get(1).objectsWritten()).containsExactly(ParquetLayout.yearlyKey(fine, 2024),
                ParquetLayout.yearlyKey(fine, 2025));
        assertBars(candles(fine, Timeframe.M1, Instant.ofEpochSecond(t0), clock.instant()), more);
        assertThat(r.failed()).extracting(SymbolRefresh::symbol).containsExactly(broken);
        assertThat(task(r.taskId())).containsEntry("status", "failed").containsEntry("error_code", "DATA_FETCH_FAILED")
                .containsEntry("progress", 100).containsEntry("objects_written", 2);
        assertThat((String) task(r.taskId()).get("error_message")).startsWith("1 of 2 symbols failed: " + broken + ": ");
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void aCrashBetweenTheVerifiedWriteAndTheReplaceLeavesTheObjectAsItWasAndARerunCompletes(Store store) {
        open(store, Instant.ofEpochSecond(T0 + 60 * 60));
        HourStored h = hourStoredThenAnother();
        List<Path> verifiedFiles = new ArrayList<>();
        afterVerify = (k, file) -> {
            verifiedFiles.add(file);
            assertThat(file).exists().isNotEmptyFile();
            throw new IllegalStateException("the process died after writing " + file.getFileName());
        };

        RefreshReport crashed = refresh(h.symbol(), h.source());

        assertThat(verifiedFiles).hasSize(1);
        assertThat(crashed.symbols().get(0).outcome()).isEqualTo(Outcome.FAILED);
        assertThat(crashed.symbols().get(0).errorMessage()).contains("the process died");
        h.assertUnchanged();

        afterVerify = (k, file) -> { };
        RefreshReport rerun = refresh(h.symbol(), h.source());

        assertThat(rerun.symbols().get(0).outcome()).isEqualTo(Outcome.UPDATED);
        assertThat(rerun.symbols().get(0).barsAdded()).isEqualTo(60);
        assertBars(candles(h.symbol(), Timeframe.M1, Instant.ofEpochSecond(T0), clock.instant()), h.all());
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void aMergedFileThatFailsItsVerificationReplacesNothing(Store store) {
        open(store, Instant.ofEpochSecond(T0 + 60 * 60));
        HourStored h = hourStoredThenAnother();
        afterWrite = (k, file) -> dropFirstRow(file); // a writer that lost the first stored bar

        RefreshReport r = refresh(h.symbol(), h.source());

        SymbolRefresh s = r.symbols().get(0);
        assertThat(s.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(s.errorCode()).isEqualTo(ErrorCode.DATA_CORRUPT);
        assertThat(s.errorMessage()).contains("failed its verification").contains("stored bar " + Instant.ofEpochSecond(T0) + " is missing")
                .contains("the stored object was not replaced");
        h.assertUnchanged();
    }

    private static final long T0 = Instant.parse("2024-03-01T10:00:00Z").getEpochSecond();

    /** A symbol with an hour of minutes from {@link #T0} stored, the clock an hour on, and its source serving both hours. */
    private record HourStored(RefreshIT test, String symbol, String key, String etag, FakeBarSource source, List<SourceBar> stored,
                              List<SourceBar> all) {

        /** The stored object and its bars are as they were before the second hour was asked for. */
        void assertUnchanged() {
            assertThat(test.etag(key)).as("the stored object").isEqualTo(etag);
            assertBars(test.candles(symbol, Timeframe.M1, Instant.ofEpochSecond(T0), test.clock.instant()), stored);
        }
    }

    private HourStored hourStoredThenAnother() {
        String sym = symbol();
        List<SourceBar> stored = FakeBarSource.minutes(T0, T0 + 60 * 60, 10);
        FakeBarSource source = new FakeBarSource("binance", BarResolution.MINUTE).serving(stored);
        refresh(sym, source);
        String key = ParquetLayout.yearlyKey(sym, 2024);
        String etag = etag(key);
        clock.advance(Duration.ofHours(1));
        List<SourceBar> all = union(stored, FakeBarSource.minutes(T0 + 60 * 60, T0 + 120 * 60, 12));
        source.serving(all);
        return new HourStored(this, sym, key, etag, source, stored, all);
    }

    private void dropFirstRow(Path file) {
        Path shorter = file.resolveSibling(file.getFileName() + ".short.parquet");
        try (Connection c = Internals.duckDb(client).connect(); Statement st = c.createStatement()) {
            st.execute("COPY (SELECT * FROM read_parquet('" + file.toAbsolutePath() + "') ORDER BY \"timestamp\" OFFSET 1) TO '"
                    + shorter.toAbsolutePath() + "' (FORMAT parquet)");
            Files.move(shorter, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (SQLException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void aFailedUploadLeavesTheObjectAsItWas(Store store) {
        open(store, Instant.ofEpochSecond(T0 + 60 * 60), s -> new ForwardingObjectStore(s) {
            @Override
            public ObjectInfo upload(String key, Path source) {
                if (uploads.get() >= 1) { // the first upload (the initial refresh) went through
                    throw BacktestException.of(ErrorCode.STORAGE_UNAVAILABLE, "the store went away during the upload of " + key);
                }
                return delegate.upload(key, source);
            }
        });
        HourStored h = hourStoredThenAnother();

        RefreshReport r = refresh(h.symbol(), h.source());

        assertThat(r.symbols().get(0).errorCode()).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE);
        h.assertUnchanged();
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void aDailyOnlySourceWritesDailyBarsThatServeDaysWeeksAndMonthsOnly(Store store) throws SQLException {
        Instant now = Instant.parse("2025-01-20T15:00:00Z");
        open(store, now);
        String sym = symbol();
        long firstDay = LocalDate.of(2024, 12, 1).toEpochDay();
        long today = LocalDate.of(2025, 1, 20).toEpochDay();
        List<SourceBar> days = FakeBarSource.days(firstDay, today + 1, 400);
        FakeBarSource source = new FakeBarSource("yahoo", BarResolution.DAILY).serving(days);

        RefreshReport r = refresh(sym, source);

        assertThat(source.requests.get(0).from()).isEqualTo(Instant.parse("2005-01-20T00:00:00Z"));
        assertThat(source.requests.get(0).resolution()).isEqualTo(BarResolution.DAILY);
        assertThat(r.symbols().get(0).layout()).isEqualTo(SourceResolution.DAILY_BARS);
        assertThat(r.symbols().get(0).objectsWritten()).containsExactly(ParquetLayout.dailyBarsKey(sym, 2024),
                ParquetLayout.dailyBarsKey(sym, 2025));
        Instant from = Instant.ofEpochSecond(firstDay * 86_400L);
        Instant to = Instant.ofEpochSecond((today + 1) * 86_400L);
        assertBars(candles(sym, Timeframe.D1, from, to), days);
        CandleSeries months = candles(sym, Timeframe.MN1, from, to);
        assertThat(months.time()).containsExactly(from.getEpochSecond(), LocalDate.of(2025, 1, 1).toEpochDay() * 86_400L);
        assertThat(months.close()[0]).isEqualTo(days.get(30).close());
        assertThat(months.open()[1]).isEqualTo(days.get(31).open());
        assertThat(candles(sym, Timeframe.W1, from, to).size()).as("Monday weeks from 2024-11-25 to 2025-01-20").isEqualTo(9);
        BacktestException tooFine = catchThrowableOfType(() -> candles(sym, Timeframe.H1, from, to), BacktestException.class);
        assertThat(tooFine.code()).isEqualTo(ErrorCode.INVALID_TIMEFRAME);
        assertThat(tooFine.getMessage()).contains(sym + " is stored daily: 1d, 1w, 1M");
        assertThat(service.symbols(SourceResolution.DAILY_BARS)).contains(sym);
        assertThat(service.symbols(SourceResolution.YEARLY)).doesNotContain(sym);
        assertThat(service.range(sym, SourceResolution.DAILY_BARS)).hasValueSatisfying(d -> {
            assertThat(d.firstDate()).isEqualTo(LocalDate.of(2024, 12, 1));
            assertThat(d.lastDate()).isEqualTo(LocalDate.of(2025, 1, 20));
        });
        assertThat(service.range(sym, SourceResolution.YEARLY)).isEmpty();
        assertThat(adjustedCloses(ParquetLayout.dailyBarsKey(sym, 2024)))
                .isEqualTo(days.subList(0, 31).stream().map(b -> Double.isNaN(b.adjustedClose()) ? null : b.adjustedClose()).toList());

        // the next day: the overlap is one day, today's bar (still forming yesterday) is replaced by its final form
        clock.advance(Duration.ofDays(1));
        List<SourceBar> next = new ArrayList<>(days.subList(0, days.size() - 1));
        SourceBar forming = days.get(days.size() - 1);
        next.add(new SourceBar(forming.time(), forming.open(), forming.high() * 1.02, forming.low(), forming.close() * 1.01,
                forming.volume() * 2, Double.NaN));
        next.addAll(FakeBarSource.days(today + 1, today + 2, 420));
        source.serving(next);

        RefreshReport again = refresh(sym, source);

        assertThat(source.requests.get(1).from()).isEqualTo(Instant.parse("2025-01-19T00:00:00Z"));
        assertThat(again.symbols().get(0).barsAdded()).isEqualTo(1);
        assertThat(again.symbols().get(0).barsChanged()).isEqualTo(1);
        assertThat(again.symbols().get(0).objectsWritten()).containsExactly(ParquetLayout.dailyBarsKey(sym, 2025));
        assertBars(candles(sym, Timeframe.D1, from, to.plus(Duration.ofDays(1))), next);
    }

    private List<Double> adjustedCloses(String key) {
        Path file = dir.resolve("adj-" + UUID.randomUUID() + ".parquet");
        client.storage().download(key, file);
        List<Double> out = new ArrayList<>();
        try (Connection c = Internals.duckDb(client).connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT adj_close FROM read_parquet('" + file.toAbsolutePath() + "') ORDER BY \"timestamp\"")) {
            while (rs.next()) {
                double v = rs.getDouble(1);
                out.add(rs.wasNull() ? null : v);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void aYearlyQueryOfADailyOnlySymbolReadsItsDailyBarsAndAMinuteSymbolKeepsItsOwn(Store store) {
        Instant now = Instant.parse("2025-01-10T00:00:00Z");
        open(store, now);
        String sym = symbol();
        long firstDay = LocalDate.of(2025, 1, 1).toEpochDay();
        List<SourceBar> days = FakeBarSource.days(firstDay, firstDay + 9, 100);
        refresh(sym, new FakeBarSource("yahoo", BarResolution.DAILY).serving(days));
        Instant from = Instant.ofEpochSecond(firstDay * 86_400L);

        // CandleQuery's default layout is 1Y: served from the daily bars
        assertBars(service.query().symbol(sym).between(from, now).timeframe(Timeframe.D1).fetch(), days);
        assertBars(service.query().symbol(sym).between(from, now).timeframe(Timeframe.D1).sourceResolution(SourceResolution.DAILY_BARS)
                .fetch(), days);
        BacktestException e = catchThrowableOfType(() -> service.query().symbol(sym).between(from, now).timeframe(Timeframe.M5).fetch(),
                BacktestException.class);
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_TIMEFRAME);
        BacktestException outside = catchThrowableOfType(() -> service.query().symbol(sym)
                .between(Instant.parse("2025-02-01T00:00:00Z"), Instant.parse("2025-03-01T00:00:00Z")).timeframe(Timeframe.D1).fetch(),
                BacktestException.class);
        assertThat(outside.code()).isEqualTo(ErrorCode.DATE_RANGE);
        assertThat(outside.details()).containsEntry("available_end", "2025-01-09");
    }

    @Test
    void aCancelRequestedWhileASymbolIsRefreshedSkipsTheSymbolsAfterIt() throws SQLException {
        long t0 = Instant.parse("2024-03-01T10:00:00Z").getEpochSecond();
        open(Store.LOCAL, Instant.ofEpochSecond(t0 + 60 * 60));
        String first = symbol();
        String second = symbol();
        FakeBarSource source = new FakeBarSource("binance", BarResolution.MINUTE).serving(FakeBarSource.minutes(t0, t0 + 3600, 10));
        source.onFetch(request -> {
            try (Connection c = Internals.database(client).dataSource().getConnection(); Statement st = c.createStatement()) {
                st.executeUpdate("UPDATE data_tasks SET cancel_requested = TRUE WHERE status = 'running'"); // as the task view does
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });

        RefreshReport r = service.refresh(RefreshRequest.of(List.of(new WatchedSymbol(first, "binance", first),
                new WatchedSymbol(second, "binance", second)), Map.of("binance", source)));

        assertThat(r.cancelled()).isTrue();
        assertThat(r.symbols()).extracting(SymbolRefresh::outcome).containsExactly(Outcome.UPDATED, Outcome.SKIPPED);
        assertThat(source.requests).hasSize(1);
        assertThat(task(r.taskId())).containsEntry("status", "cancelled").containsEntry("progress", 50)
                .containsEntry("cancel_requested", true).containsEntry("symbols", first + "," + second);
    }

    @Test
    void aBackgroundRefreshIsRecordedBeforeItRunsAndRefreshesOneRequestAfterTheOther() throws Exception {
        long t0 = Instant.parse("2024-03-01T10:00:00Z").getEpochSecond();
        open(Store.LOCAL, Instant.ofEpochSecond(t0 + 60 * 60));
        String first = symbol();
        String second = symbol();
        CountDownLatch release = new CountDownLatch(1);
        FakeBarSource source = new FakeBarSource("binance", BarResolution.MINUTE).serving(FakeBarSource.minutes(t0, t0 + 3600, 10))
                .onFetch(request -> block(release));
        UUID admin = UUID.randomUUID();

        UUID a = service.refreshInBackground(RefreshRequest.of(List.of(new WatchedSymbol(first, "binance", first)),
                Map.of("binance", source)).requestedBy(admin));
        UUID b = service.refreshInBackground(RefreshRequest.of(List.of(new WatchedSymbol(second, "binance", second)),
                Map.of("binance", source)).requestedBy(admin));

        assertThat(task(a)).containsEntry("status", "running").containsEntry("kind", "refresh");
        assertThat(task(b)).containsEntry("status", "running");
        await(() -> source.requests.size() == 1);
        assertThat(source.mostInFlight.get()).isEqualTo(1);
        release.countDown();
        await(() -> "completed".equals(status(b)));
        assertThat(task(a)).containsEntry("status", "completed").containsEntry("progress", 100);
        assertThat(source.mostInFlight.get()).as("one refresh at a time").isEqualTo(1);
        assertThat(candles(second, Timeframe.M1, Instant.ofEpochSecond(t0), Instant.ofEpochSecond(t0 + 3600)).size()).isEqualTo(60);
    }

    @Test
    void closingStopsTheBackgroundRefreshAndRecordsTheOnesNotStartedAsCancelled() throws Exception {
        long t0 = Instant.parse("2024-03-01T10:00:00Z").getEpochSecond();
        open(Store.LOCAL, Instant.ofEpochSecond(t0 + 60 * 60));
        String first = symbol();
        String second = symbol();
        CountDownLatch entered = new CountDownLatch(1);
        FakeBarSource source = new FakeBarSource("binance", BarResolution.MINUTE).serving(FakeBarSource.minutes(t0, t0 + 3600, 10))
                .onFetch(request -> {
                    entered.countDown();
                    block(new CountDownLatch(1)); // until interrupted
                });
        UUID a = service.refreshInBackground(RefreshRequest.of(List.of(new WatchedSymbol(first, "binance", first),
                new WatchedSymbol(second, "binance", second)), Map.of("binance", source)));
        UUID b = service.refreshInBackground(RefreshRequest.of(List.of(new WatchedSymbol(second, "binance", second)),
                Map.of("binance", source)));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

        service.close();

        assertThat(task(b)).containsEntry("status", "cancelled").containsEntry("error_message", "the client closed before the refresh started");
        assertThat(task(a).get("status")).isIn("cancelled", "failed");
        assertThat(source.requests).hasSize(1);
        assertThat(client.storage().list("ohlcv/", 10, null).objects()).isEmpty();
        assertThatThrownBy(() -> service.refreshInBackground(RefreshRequest.of(List.of(new WatchedSymbol(first, "binance", first)),
                Map.of("binance", source)))).isInstanceOfSatisfying(BacktestException.class,
                        e -> assertThat(e.getMessage()).contains("the client is closing"));
    }

    @Test
    void aSourceThatIsNotEnabledOrDeliversInvalidBarsFailsOnlyItsSymbol() {
        long t0 = Instant.parse("2024-03-01T10:00:00Z").getEpochSecond();
        open(Store.LOCAL, Instant.ofEpochSecond(t0 + 60 * 60));
        String missing = symbol();
        String invalid = symbol();
        List<SourceBar> bars = new ArrayList<>(FakeBarSource.minutes(t0, t0 + 600, 10));
        bars.set(3, new SourceBar(bars.get(3).time(), 10, 9, 8, 10, 1, Double.NaN)); // high below open
        FakeBarSource source = new FakeBarSource("binance", BarResolution.MINUTE).serving(bars);
        UUID admin = UUID.randomUUID();

        String daily = symbol();

        RefreshReport r = service.refresh(RefreshRequest.of(List.of(new WatchedSymbol(missing, "yahoo", missing),
                new WatchedSymbol(invalid, "binance", invalid), new WatchedSymbol(daily, "binance", daily, BarResolution.DAILY)),
                Map.of("binance", source)).requestedBy(admin));

        assertThat(r.symbols().get(0).errorCode()).isEqualTo(ErrorCode.INVALID_CONFIG);
        assertThat(r.symbols().get(0).errorMessage()).contains("'yahoo', which is not enabled");
        assertThat(r.symbols().get(1).errorCode()).isEqualTo(ErrorCode.DATA_FETCH_FAILED);
        assertThat(r.symbols().get(1).errorMessage()).contains("row 4: high 9.0 is below max(open, close) 10.0");
        assertThat(r.symbols().get(2).errorCode()).isEqualTo(ErrorCode.INVALID_CONFIG);
        assertThat(r.symbols().get(2).errorMessage()).isEqualTo("source binance does not deliver 1d bars; it delivers [1m]");
        assertThat(source.requests).hasSize(1);
        assertThat(client.storage().list("ohlcv/", 10, null).objects()).isEmpty();
        assertThat(r.succeeded()).isFalse();
    }

    @Test
    void importsAreRecordedAsTasksOfKindImport() throws IOException, SQLException {
        open(Store.LOCAL, Instant.parse("2025-01-01T00:00:00Z"));
        Path good = dir.resolve("good.csv");
        Files.writeString(good, "time,open,high,low,close,volume\n2024-05-01T00:00:00Z,10,12,9,11,5\n2024-05-01T00:01:00Z,11,12,10,11,6\n");
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "time,open,high,low,close,volume\n2024-05-01T00:00:00Z,10,9,9,11,5\n");
        UUID admin = UUID.randomUUID();

        ImportReport report = client.marketData().importCsv("IMPT", good, admin);
        ImportReport same = client.marketData().importCsv("IMPT", good);
        assertThat(catchThrowableOfType(() -> client.marketData().importCsv("IMPT", bad), BacktestException.class).code())
                .isEqualTo(ErrorCode.VALIDATION_FAILED);

        assertThat(report.rowsWrittenPerYear()).isEqualTo(Map.of(2024, 2L));
        assertThat(same.barsReplaced()).isEqualTo(2);
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection c = Internals.database(client).dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT kind, status, user_id, symbols, progress, bars_written, objects_written, error_code"
                     + " FROM data_tasks ORDER BY created_at")) {
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= 8; i++) {
                    row.put(rs.getMetaData().getColumnLabel(i).toLowerCase(java.util.Locale.ROOT), rs.getObject(i));
                }
                rows.add(row);
            }
        }
        assertThat(rows).hasSize(3).allSatisfy(row -> assertThat(row).containsEntry("kind", "import").containsEntry("symbols", "IMPT"));
        assertThat(rows.get(0)).containsEntry("status", "completed").containsEntry("user_id", admin).containsEntry("progress", 100)
                .containsEntry("bars_written", 2L).containsEntry("objects_written", 1);
        assertThat(rows.get(2)).containsEntry("status", "failed").containsEntry("error_code", "VALIDATION_FAILED");
    }

    @Test
    void rejectsARequestNamingASymbolTwiceOrABadSymbol() {
        FakeBarSource source = new FakeBarSource("binance", BarResolution.MINUTE);
        assertThat(catchThrowableOfType(() -> RefreshRequest.of(List.of(new WatchedSymbol("A", "binance", "A"),
                new WatchedSymbol("A", "binance", "A")), Map.of("binance", source)), BacktestException.class).code())
                .isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(catchThrowableOfType(() -> RefreshRequest.of(List.of(new WatchedSymbol("a/../b", "binance", "A")),
                Map.of("binance", source)), BacktestException.class).code()).isEqualTo(ErrorCode.INVALID_SYMBOL);
        assertThat(RefreshRequest.of(List.of(), Map.of()).minuteHistory()).isEqualTo(RefreshRequest.DEFAULT_MINUTE_HISTORY);
    }
}
