package dev.backtest.sdk.marketdata.internal;

import dev.backtest.sdk.storage.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Seeds an empty object store with the default sample symbols, so a new user can query candles at once.
 *
 * <pre>{@code
 * Path dir = Path.of("./backtest-data");
 * try (ObjectStore store = new LocalFolderObjectStore(dir.resolve("objects/candles"), "candles");
 *      DuckDb duckDb = DuckDb.open(dir.resolve("duckdb-tmp"), 2)) {
 *     int written = SampleData.seedIfEmpty(store, duckDb, dir);   // 0 when the store already holds objects
 * }
 * }</pre>
 */
public final class SampleData {

    private static final Logger LOG = LoggerFactory.getLogger(SampleData.class);

    private SampleData() {
    }

    /**
     * Writes BTC, ETH and EURUSD 1-minute bars for 2023–2024 in the yearly layout when the store holds
     * no object at all; does nothing otherwise.
     *
     * @return the number of objects written
     */
    public static int seedIfEmpty(ObjectStore store, DuckDb duckDb, Path workDir) {
        if (!store.isEmpty()) {
            return 0;
        }
        long start = System.nanoTime();
        Path tmp = workDir.resolve("sample-" + System.nanoTime());
        int written = 0;
        try {
            SampleDataGenerator generator = new SampleDataGenerator(duckDb);
            for (SampleDataGenerator.Spec spec : SampleDataGenerator.DEFAULT_SPECS) {
                Map<Integer, Path> files = generator.writeYears(spec, SampleDataGenerator.DEFAULT_FIRST_YEAR,
                        SampleDataGenerator.DEFAULT_LAST_YEAR, tmp);
                for (Map.Entry<Integer, Path> e : files.entrySet()) {
                    store.upload(ParquetLayout.yearlyKey(spec.symbol(), e.getKey()), e.getValue());
                    written++;
                }
            }
        } finally {
            deleteTree(tmp);
        }
        LOG.info("Seeded the empty object store with {} sample Parquet files in {} ms", written,
                (System.nanoTime() - start) / 1_000_000);
        return written;
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("Could not remove temporary folder {}: {}", dir, e.getMessage());
        }
    }
}
