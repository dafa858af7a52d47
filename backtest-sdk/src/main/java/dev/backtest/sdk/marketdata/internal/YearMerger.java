package dev.backtest.sdk.marketdata.internal;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.marketdata.internal.CandleImporter.Bars;
import dev.backtest.sdk.storage.ObjectInfo;
import dev.backtest.sdk.storage.ObjectStore;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one way bars enter a stored year object, for imports and refreshes alike: read the stored object, merge (every
 * stored bar kept; an incoming bar replaces the stored bar of the same time), write the merged year to a local file,
 * <b>verify</b> that file, and only then replace the object with it. A merge equal to what is stored writes nothing.
 *
 * <p>The verification reads the written file back and checks it against the stored and incoming bars, independently
 * of the merge that produced it: times strictly ascending (so no duplicate), as many rows as there are distinct times
 * in stored ∪ incoming, every stored time present with its bar unless an incoming bar of that time replaced it, every
 * incoming bar present as it came, and valid prices (open, high, low, close finite and positive, high not below low,
 * volume finite and not negative, an adjusted close absent or finite and positive). Any failure before the upload
 * leaves the object as it was; the object store's upload is itself an atomic replace.
 *
 * <p>Merges of one key in this process are serialized. Across processes, the object's ETag is read again just before
 * the replace; when another writer changed it since it was read, the merge is done again on the new version (up to
 * {@value #ATTEMPTS} times, then {@link ErrorCode#CONCURRENT_MODIFICATION}).
 */
final class YearMerger {

    static final int ATTEMPTS = 3;

    /** Where a test can step in: after the merged file is written, and after it is verified (before the upload). */
    interface Stages {
        Stages NONE = new Stages() { };

        default void written(String key, Path file) {
        }

        default void verified(String key, Path file) {
        }
    }

    /**
     * What one merge did.
     *
     * @param rows        bars in the object after the merge
     * @param added       incoming bars at times nothing was stored at
     * @param overlapping incoming bars at times a bar was stored at (they replaced it)
     * @param changed     of those, the ones with other values than the stored bar
     * @param written     whether the object was replaced (false: the merge equalled what was stored)
     */
    record Outcome(String key, long rows, long added, long overlapping, long changed, boolean written) {
    }

    /** A stored year as read: its metadata (null when there is no object) and its bars in time order. */
    record Stored(ObjectInfo info, Bars bars) {

        static Stored absent() {
            return new Stored(null, new Bars());
        }

        boolean exists() {
            return info != null;
        }

        /** The last bar's time, if any. */
        Optional<Long> lastTime() {
            return bars.size == 0 ? Optional.empty() : Optional.of(bars.time[bars.size - 1]);
        }
    }

    private final ObjectStore store;
    private final DuckDb duckDb;
    private final CandleAggregator aggregator;
    private final Path tempDir;
    private final Stages stages;
    private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();
    private final AtomicLong tempNames = new AtomicLong();

    YearMerger(ObjectStore store, DuckDb duckDb, CandleAggregator aggregator, Path tempDir, Stages stages) {
        this.store = store;
        this.duckDb = duckDb;
        this.aggregator = aggregator;
        this.tempDir = tempDir;
        this.stages = Objects.requireNonNull(stages, "stages");
    }

    /** The UTC year of an epoch second. */
    static int yearOf(long epochSecond) {
        return LocalDate.ofEpochDay(Math.floorDiv(epochSecond, 86_400L)).getYear();
    }

    /** The index after the last bar, from {@code from} on, in the same UTC year as bar {@code from} (bars in time order). */
    static int yearEnd(Bars bars, int from) {
        long end = LocalDate.of(yearOf(bars.time[from]) + 1, 1, 1).toEpochDay() * 86_400L;
        int j = from;
        while (j < bars.size && bars.time[j] < end) {
            j++;
        }
        return j;
    }

    /** The object under {@code key} and its bars (absent: no object). */
    Stored read(String key) {
        Optional<ObjectInfo> info = store.stat(key);
        if (info.isEmpty()) {
            return Stored.absent();
        }
        Path file = tempFile("stored");
        try {
            ObjectInfo downloaded = store.download(key, file);
            return new Stored(downloaded, readBars(file, key, true));
        } finally {
            deleteQuietly(file);
        }
    }

    /**
     * Merges {@code incoming} bars [from, to) (one UTC year, time order, no duplicate time) into the object under
     * {@code key}; {@code dailyBars}: the object holds daily bars with {@code adj_close}. {@code known}: the object
     * as the caller read it already (used when its ETag is still current), or null.
     *
     * @throws BacktestException {@link ErrorCode#DATA_CORRUPT} when the stored object cannot be read or the merged
     *         file fails its verification, {@link ErrorCode#CONCURRENT_MODIFICATION} when other writers kept changing
     *         the object, a storage error from the store; in every case the object is as it was
     */
    Outcome merge(String key, Bars incoming, int from, int to, boolean dailyBars, Stored known) {
        synchronized (locks.computeIfAbsent(key, k -> new Object())) {
            Stored stored = known;
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                Optional<ObjectInfo> current = store.stat(key);
                if (stored == null || !sameVersion(stored.info(), current.orElse(null))) {
                    stored = read(key);
                }
                Bars merged = new Bars();
                long[] counts = merge(stored.bars(), incoming, from, to, merged);
                long added = counts[0];
                long overlapping = counts[1];
                long changed = counts[2];
                if (stored.exists() && added == 0 && changed == 0) {
                    return new Outcome(key, merged.size, 0, overlapping, 0, false);
                }
                Path out = tempFile("merged");
                try {
                    writeParquet(merged, out, dailyBars);
                    stages.written(key, out);
                    verify(key, out, stored.bars(), incoming, from, to, dailyBars);
                    stages.verified(key, out);
                    Optional<ObjectInfo> before = store.stat(key);
                    if (!sameVersion(stored.info(), before.orElse(null))) {
                        stored = null; // another writer replaced it meanwhile: merge into its version
                        continue;
                    }
                    store.upload(key, out);
                    return new Outcome(key, merged.size, added, overlapping, changed, true);
                } finally {
                    deleteQuietly(out);
                }
            }
            throw BacktestException.of(ErrorCode.CONCURRENT_MODIFICATION, "object " + key + " was replaced by another writer "
                    + ATTEMPTS + " times while bars were merged into it; nothing was written, try again").with("key", key);
        }
    }

    private static boolean sameVersion(ObjectInfo a, ObjectInfo b) {
        return a == null ? b == null : b != null && a.etag().equals(b.etag()) && a.size() == b.size();
    }

    /** Stored and incoming into {@code out}; returns {added, overlapping, changed}. */
    private static long[] merge(Bars stored, Bars incoming, int from, int to, Bars out) {
        long added = 0;
        long overlapping = 0;
        long changed = 0;
        int a = 0;
        int b = from;
        while (a < stored.size || b < to) {
            if (b >= to || (a < stored.size && stored.time[a] < incoming.time[b])) {
                out.add(stored, a++);
            } else {
                if (a < stored.size && stored.time[a] == incoming.time[b]) {
                    overlapping++;
                    if (!stored.sameBar(a, incoming, b)) {
                        changed++;
                    }
                    a++;
                } else {
                    added++;
                }
                out.add(incoming, b++);
            }
        }
        return new long[] {added, overlapping, changed};
    }

    /** Checks the written file against what went into it; {@link ErrorCode#DATA_CORRUPT} naming the first fault. */
    void verify(String key, Path file, Bars stored, Bars incoming, int from, int to, boolean dailyBars) {
        Bars written = readBars(file, key, false);
        for (int k = 1; k < written.size; k++) {
            if (written.time[k] <= written.time[k - 1]) {
                throw unverified(key, written.time[k] == written.time[k - 1] ? "duplicate time " + at(written.time[k])
                        : "time " + at(written.time[k]) + " after " + at(written.time[k - 1]));
            }
        }
        long union = 0;
        int a = 0;
        int b = from;
        int k = 0;
        while (a < stored.size || b < to) {
            long t = b >= to ? stored.time[a] : a >= stored.size ? incoming.time[b] : Math.min(stored.time[a], incoming.time[b]);
            union++;
            boolean fromIncoming = b < to && incoming.time[b] == t;
            boolean wasStored = a < stored.size && stored.time[a] == t;
            if (k >= written.size || written.time[k] != t) {
                throw unverified(key, (wasStored ? "stored" : "fetched") + " bar " + at(t) + " is missing");
            }
            if (fromIncoming ? !written.sameBar(k, incoming, b) : !written.sameBar(k, stored, a)) {
                throw unverified(key, "bar " + at(t) + " differs from the " + (fromIncoming ? "fetched" : "stored") + " bar");
            }
            if (fromIncoming) {
                b++;
            }
            if (wasStored) {
                a++;
            }
            k++;
        }
        if (written.size != union) {
            throw unverified(key, "it has " + written.size + " rows, stored ∪ fetched has " + union);
        }
        for (int i = 0; i < written.size; i++) {
            String fault = priceFault(written, i, dailyBars);
            if (fault != null) {
                throw unverified(key, "bar " + at(written.time[i]) + ": " + fault);
            }
        }
    }

    private static String priceFault(Bars b, int i, boolean dailyBars) {
        double[] prices = {b.open[i], b.high[i], b.low[i], b.close[i]};
        for (double p : prices) {
            if (!(p > 0) || Double.isInfinite(p)) {
                return "price " + p + " is not finite and positive";
            }
        }
        if (b.high[i] < b.low[i]) {
            return "high " + b.high[i] + " is below low " + b.low[i];
        }
        if (!(b.volume[i] >= 0) || Double.isInfinite(b.volume[i])) {
            return "volume " + b.volume[i] + " is not finite and 0 or more";
        }
        double adj = b.adjClose[i];
        if (!Double.isNaN(adj) && (!dailyBars || !(adj > 0) || Double.isInfinite(adj))) {
            return "adjusted close " + adj + " is not finite and positive";
        }
        return null;
    }

    private static BacktestException unverified(String key, String why) {
        return BacktestException.of(ErrorCode.DATA_CORRUPT, "the merged file for " + key + " failed its verification: " + why
                + "; the stored object was not replaced").with("key", key);
    }

    private static String at(long epochSecond) {
        return Instant.ofEpochSecond(epochSecond).toString();
    }

    /**
     * The bars of a local Parquet file: in time order with duplicated times keeping one ({@code ordered}), or exactly
     * as the file holds them (for the verification). NULL volume reads as 0, a NULL or absent {@code adj_close} as NaN.
     */
    private Bars readBars(Path file, String key, boolean ordered) {
        CandleAggregator.Source s = new CandleAggregator.Source(file, key);
        TimestampEncoding enc = aggregator.detectEncoding(s);
        String literal = DuckDb.literal(file);
        try (Connection c = duckDb.connect(); Statement st = c.createStatement()) {
            boolean adj = false;
            try (ResultSet rs = st.executeQuery("DESCRIBE SELECT * FROM read_parquet(" + literal + ")")) {
                while (rs.next()) {
                    adj |= "adj_close".equals(rs.getString("column_name"));
                }
            }
            String sql = "SELECT " + enc.epochSeconds("\"timestamp\"") + " AS ts, open, high, low, close, volume, "
                    + (adj ? "CAST(adj_close AS DOUBLE)" : "CAST(NULL AS DOUBLE)") + " FROM read_parquet(" + literal + ")"
                    + (ordered ? " ORDER BY ts" : "");
            Bars out = new Bars();
            try (ResultSet rs = st.executeQuery(sql)) {
                while (rs.next()) {
                    long t = rs.getLong(1);
                    if (ordered && out.size > 0 && out.time[out.size - 1] == t) {
                        out.size--;
                    }
                    double adjClose = rs.getDouble(7);
                    out.add(t, rs.getDouble(2), rs.getDouble(3), rs.getDouble(4), rs.getDouble(5), rs.getDouble(6),
                            rs.wasNull() ? Double.NaN : adjClose);
                }
            }
            return out;
        } catch (SQLException e) {
            throw new BacktestException(ErrorCode.DATA_CORRUPT, "cannot read Parquet object " + key + ": " + firstLine(e.getMessage())
                    + "; nothing was written for this year", e).with("key", key);
        }
    }

    /** Writes bars with a TIMESTAMP column, like the sample data; daily bars add {@code adj_close} (NULL for NaN). */
    private void writeParquet(Bars bars, Path file, boolean dailyBars) {
        String table = "merge_" + tempNames.incrementAndGet() + "_" + Long.toHexString(System.nanoTime());
        try (Connection c = duckDb.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + table
                    + " (ts BIGINT, open DOUBLE, high DOUBLE, low DOUBLE, close DOUBLE, volume DOUBLE, adj DOUBLE)");
            try {
                try (DuckDBAppender a = ((DuckDBConnection) c).createAppender(DuckDBConnection.DEFAULT_SCHEMA, table)) {
                    for (int i = 0; i < bars.size; i++) {
                        a.beginRow();
                        a.append(bars.time[i]);
                        a.append(bars.open[i]);
                        a.append(bars.high[i]);
                        a.append(bars.low[i]);
                        a.append(bars.close[i]);
                        a.append(bars.volume[i]);
                        a.append(bars.adjClose[i]);
                        a.endRow();
                    }
                }
                String adj = dailyBars ? ", CASE WHEN isnan(adj) THEN NULL ELSE adj END AS adj_close" : "";
                s.execute("COPY (SELECT make_timestamp(ts * 1000000) AS \"timestamp\", open, high, low, close, volume" + adj
                        + " FROM " + table + " ORDER BY ts) TO " + DuckDb.literal(file)
                        + " (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)");
            } finally {
                s.execute("DROP TABLE IF EXISTS " + table);
            }
        } catch (SQLException e) {
            throw new BacktestException(ErrorCode.INTERNAL, "cannot write Parquet file " + file + ": " + e.getMessage(), e);
        }
    }

    private Path tempFile(String kind) {
        try {
            Files.createDirectories(tempDir);
            return Files.createTempFile(tempDir, kind + "-", ".parquet");
        } catch (IOException e) {
            throw new BacktestException(ErrorCode.INTERNAL, "cannot create a temporary file in " + tempDir + ": " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a leftover temporary file is never read again
            }
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
