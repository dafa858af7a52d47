package dev.backtest.sdk.marketdata.internal;

import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.Timeframe;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.marketdata.CandleQuery;
import dev.backtest.sdk.marketdata.MarketDataListener;
import dev.backtest.sdk.storage.ObjectInfo;
import dev.backtest.sdk.storage.ObjectStore;
import dev.backtest.sdk.storage.internal.LocalFolderObjectStore;
import dev.backtest.sdk.storage.internal.ObjectFileCache;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The local file cache under faults: an unwritable cache directory, a download cut short, a store
 * dying half way through writing, a full disk, and the leftovers of a process killed mid-download.
 * Each time the request fails with a clear error (or succeeds with correct data), no partial file
 * is ever served afterwards, and the same request succeeds once the fault is gone. The result cache
 * is off (0 bytes), so every fetch reads the cached Parquet file again.
 */
class FileCacheFaultsIT {

    private static final String KEY = ParquetLayout.yearlyKey("BTC", 2023);

    @TempDir
    Path dir;

    private DuckDb duckDb;
    private LocalFolderObjectStore local;
    private FaultyStore store;
    private MutableClock clock;
    private Path cacheDir;
    private StoredMarketData service;
    private CandleSeries expected;

    @BeforeEach
    void setUp() {
        duckDb = DuckDb.open(dir.resolve("duck"), 1);
        local = new LocalFolderObjectStore(dir.resolve("objects"), "test-bucket");
        Map<Integer, Path> files = new SampleDataGenerator(duckDb).writeYears(SampleDataGenerator.BTC, 2023, 2023, dir.resolve("gen"));
        local.upload(KEY, files.get(2023));
        store = new FaultyStore(local);
        clock = new MutableClock(Instant.parse("2025-06-01T12:00:00Z"));
        cacheDir = dir.resolve("cache");
        service = service(store, cacheDir);
        // The truth, computed through a cache of its own that nothing interferes with.
        expected = march(service(local, dir.resolve("reference-cache"))).fetch();
        assertThat(expected.size()).isEqualTo(31);
    }

    @AfterEach
    void tearDown() {
        duckDb.close();
    }

    private StoredMarketData service(ObjectStore s, Path cache) {
        return new StoredMarketData(s, new ObjectFileCache(cache, s), duckDb, 1_000_000, 0, clock, MarketDataListener.NONE);
    }

    private static CandleQuery march(StoredMarketData s) {
        return s.query().symbol("BTC").between(LocalDate.of(2023, 3, 1), LocalDate.of(2023, 3, 31)).timeframe(Timeframe.D1);
    }

    @Test
    void aFileWhereTheCacheDirectoryShouldBeFailsWithCacheUnavailableNamingThePathAndRecovers() throws IOException {
        // Tests run as root, and root writes into a read-only (chmod 555) directory anyway; a regular
        // file in place of the cache directory makes every write under it fail, for root too.
        Files.writeString(cacheDir, "not a directory");

        assertThatThrownBy(() -> march(service).fetch()).isInstanceOfSatisfying(BacktestException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CACHE_UNAVAILABLE);
            assertThat(e.retryable()).isTrue();
            assertThat(e.getMessage()).contains("cannot write the file cache at " + cacheDir).contains("BACKTEST_DATA_DIR");
            assertThat(e.details().get("path").toString()).startsWith(cacheDir.toString());
        });
        assertThat(Files.readString(cacheDir)).isEqualTo("not a directory");

        Files.delete(cacheDir);
        assertThat(march(service).fetch()).isEqualTo(expected);
        assertThat(cachedFiles()).singleElement().satisfies(f -> assertThat(f.toString()).endsWith(".bin"));
    }

    @Test
    void aDownloadCutShortIsRefusedAndNeverServedLater() throws IOException {
        store.fault = Fault.TRUNCATED_STREAM;

        assertThatThrownBy(() -> march(service).fetch()).isInstanceOfSatisfying(BacktestException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_ERROR);
            assertThat(e.getMessage()).contains(KEY).contains("cut short");
            assertThat(e.details()).containsEntry("key", KEY);
        });
        assertThat(cachedFiles()).isEmpty();

        store.fault = Fault.NONE;
        assertThat(march(service).fetch()).isEqualTo(expected);
        assertThat(march(service).fetch()).isEqualTo(expected);
        assertThat(store.downloads).as("downloaded once, then read from the file cache").isEqualTo(1);
    }

    @Test
    void aStoreDyingHalfWayThroughTheWriteLeavesNothingThatIsServedLater() throws IOException {
        store.fault = Fault.DIES_HALF_WAY;

        assertThatThrownBy(() -> march(service).fetch()).isInstanceOfSatisfying(BacktestException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE));
        assertThat(store.partialWrites).isEqualTo(1);
        assertThat(cachedFiles()).isEmpty();

        store.fault = Fault.NONE;
        assertThat(march(service).fetch()).isEqualTo(expected);
    }

    @Test
    void aFullDiskWhileTheStoreWritesIsCacheUnavailableNamingTheCache() throws IOException {
        store.fault = Fault.DISK_FULL;

        assertThatThrownBy(() -> march(service).fetch()).isInstanceOfSatisfying(BacktestException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CACHE_UNAVAILABLE);
            assertThat(e.getMessage()).contains("cannot write the file cache at " + cacheDir).contains("No space left on device");
        });
        assertThat(cachedFiles()).isEmpty();

        store.fault = Fault.NONE;
        assertThat(march(service).fetch()).isEqualTo(expected);
    }

    @Test
    void leftoversOfAProcessKilledMidDownloadAreNeverServedAndAreCleanedUp() throws IOException {
        assertThat(march(service).fetch()).isEqualTo(expected);
        Path folder = cachedFiles().get(0).getParent();
        // What a kill -9 during a download leaves: a temporary file holding part of the object.
        Path leftover = folder.resolve(".download-4242.part");
        byte[] whole = Files.readAllBytes(cachedFiles().get(0));
        Files.write(leftover, Arrays.copyOf(whole, whole.length / 3));
        Files.setLastModifiedTime(leftover, FileTime.from(Instant.now().minus(Duration.ofHours(1))));

        assertThat(march(service).fetch()).isEqualTo(expected);

        // A new version of the object is downloaded next to it; the old copy and the leftover go.
        Path newer = dir.resolve("newer.parquet");
        Files.copy(local.root().resolve(KEY), newer);
        local.upload(KEY, newer); // same bytes, new modification time: a new ETag
        clock.advance(StoredObjects.LISTING_TTL.plusSeconds(1));

        assertThat(march(service).fetch()).isEqualTo(expected);
        assertThat(store.downloads).isEqualTo(2);
        assertThat(cachedFiles()).singleElement().satisfies(f -> assertThat(f.getFileName().toString()).endsWith(".bin"));
        assertThat(leftover).doesNotExist();
    }

    /** Every regular file under the cache directory (finished copies and temporary files alike). */
    private List<Path> cachedFiles() throws IOException {
        if (!Files.isDirectory(cacheDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(cacheDir)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private enum Fault { NONE, TRUNCATED_STREAM, DIES_HALF_WAY, DISK_FULL }

    /** A store whose downloads can go wrong in the ways a network, a store or a disk make them go wrong. */
    private static final class FaultyStore extends ForwardingObjectStore {
        private final LocalFolderObjectStore local;
        volatile Fault fault = Fault.NONE;
        volatile int downloads;
        volatile int partialWrites;

        FaultyStore(LocalFolderObjectStore local) {
            super(local);
            this.local = local;
        }

        @Override
        public ObjectInfo download(String key, Path target) {
            ObjectInfo info = delegate.stat(key).orElseThrow();
            byte[] half;
            try {
                byte[] whole = Files.readAllBytes(local.root().resolve(key));
                half = Arrays.copyOf(whole, whole.length / 2);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            switch (fault) {
                case NONE -> {
                    downloads++;
                    return delegate.download(key, target);
                }
                case TRUNCATED_STREAM -> {
                    // the connection closed early and the store did not notice: half the bytes, reported as whole
                    write(target, half);
                    return info;
                }
                case DIES_HALF_WAY -> {
                    // a store writing straight into the target, then losing the connection
                    write(target, half);
                    partialWrites++;
                    throw BacktestException.of(ErrorCode.STORAGE_UNAVAILABLE, "download " + key + ": connection reset");
                }
                case DISK_FULL -> {
                    write(target, half);
                    throw new BacktestException(ErrorCode.STORAGE_UNAVAILABLE, "cannot write " + target + ": No space left on device",
                            new IOException("No space left on device"));
                }
                default -> throw new IllegalStateException(fault.name());
            }
        }

        private static void write(Path target, byte[] bytes) {
            try {
                Files.write(target, bytes);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
