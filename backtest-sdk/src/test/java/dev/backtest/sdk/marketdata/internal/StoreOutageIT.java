package dev.backtest.sdk.marketdata.internal;

import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.Timeframe;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.marketdata.CandleQuery;
import dev.backtest.sdk.marketdata.MarketDataListener;
import dev.backtest.sdk.storage.ObjectStore;
import dev.backtest.sdk.storage.internal.LocalFolderObjectStore;
import dev.backtest.sdk.storage.internal.ObjectFileCache;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * When the object store is unreachable and the listing cache has expired, a result computed earlier
 * is still served from the result cache; a request never computed fails with STORAGE_UNAVAILABLE.
 */
class StoreOutageIT {

    @TempDir
    Path dir;

    private DuckDb duckDb;
    private SwitchableStore store;
    private MutableClock clock;
    private StoredMarketData service;

    @BeforeEach
    void setUp() {
        duckDb = DuckDb.open(dir.resolve("duck"), 1);
        LocalFolderObjectStore local = new LocalFolderObjectStore(dir.resolve("objects"), "test-bucket");
        Map<Integer, Path> files = new SampleDataGenerator(duckDb).writeYears(SampleDataGenerator.BTC, 2023, 2023, dir.resolve("gen"));
        local.upload(ParquetLayout.yearlyKey("BTC", 2023), files.get(2023));
        store = new SwitchableStore(local);
        clock = new MutableClock(Instant.parse("2025-06-01T12:00:00Z"));
        service = new StoredMarketData(store, new ObjectFileCache(dir.resolve("cache"), store), duckDb, 1_000_000,
                64L * 1024 * 1024, clock, MarketDataListener.NONE);
    }

    @AfterEach
    void tearDown() {
        duckDb.close();
    }

    @Test
    void servesACachedResultWhenTheStoreIsDownAfterTheListingExpired() {
        CandleQuery january = service.query().symbol("BTC").between(LocalDate.of(2023, 1, 1), LocalDate.of(2023, 1, 31))
                .timeframe(Timeframe.D1);
        CandleSeries before = january.fetch();
        store.down = true;
        clock.advance(StoredObjects.LISTING_TTL.plusSeconds(1));

        assertThat(january.fetch()).isEqualTo(before);
        assertThat(store.failedCalls).isPositive();
        assertThatThrownBy(() -> january.timeframe(Timeframe.H4).fetch())
                .isInstanceOfSatisfying(BacktestException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE));
    }

    @Test
    void requestsTheCacheCouldNotAnswerSucceedAgainWhenTheStoreReturns() {
        CandleQuery january = service.query().symbol("BTC").between(LocalDate.of(2023, 1, 1), LocalDate.of(2023, 1, 31))
                .timeframe(Timeframe.D1);
        CandleSeries daily = january.fetch();
        store.down = true;
        clock.advance(StoredObjects.LISTING_TTL.plusSeconds(1));
        assertThatThrownBy(() -> january.timeframe(Timeframe.H4).fetch())
                .isInstanceOfSatisfying(BacktestException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE);
                    assertThat(e.retryable()).isTrue();
                });

        store.down = false;

        CandleSeries fourHourly = january.timeframe(Timeframe.H4).fetch();
        assertThat(fourHourly.size()).isEqualTo(31 * 6);
        assertThat(fourHourly.close()[fourHourly.size() - 1]).isEqualTo(daily.close()[daily.size() - 1]);
        assertThat(january.fetch()).isEqualTo(daily);
    }

    @Test
    void otherListingErrorsAreNotMaskedByTheCache() {
        CandleQuery q = service.query().symbol("BTC").between(LocalDate.of(2023, 3, 1), LocalDate.of(2023, 3, 2)).timeframe(Timeframe.H1);
        q.fetch();
        store.failure = ErrorCode.STORAGE_ERROR;
        store.down = true;
        clock.advance(StoredObjects.LISTING_TTL.plusSeconds(1));

        assertThatThrownBy(q::fetch)
                .isInstanceOfSatisfying(BacktestException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_ERROR));
    }

    /** A store that can be switched to failing every call. */
    private static final class SwitchableStore extends ForwardingObjectStore {
        volatile boolean down;
        volatile ErrorCode failure = ErrorCode.STORAGE_UNAVAILABLE;
        volatile int failedCalls;

        SwitchableStore(ObjectStore delegate) {
            super(delegate);
        }

        @Override
        protected void beforeRemoteCall() {
            if (down) {
                failedCalls++;
                throw BacktestException.of(failure, "store switched off by the test");
            }
        }
    }
}
