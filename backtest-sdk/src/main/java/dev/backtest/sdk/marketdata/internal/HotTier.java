package dev.backtest.sdk.marketdata.internal;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.Timeframe;
import dev.backtest.sdk.marketdata.HotTierStats;
import dev.backtest.sdk.storage.ObjectInfo;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Recently used yearly files of 1-minute bars, decoded into primitive columns and kept in memory (bounded in bytes,
 * W-TinyLFU eviction), so a candle query over them is one pass over arrays instead of a DuckDB scan of the Parquet.
 * Entries are keyed by object key and ETag: a new version of an object is a new entry and the old one is never served.
 *
 * <p>The answers equal {@link CandleAggregator}'s exactly (times and OHLC; the volume is summed in time order, DuckDB's
 * sum in its own order, so they agree within rounding). That holds because a file is kept only when its bars let the
 * simple loop compute what the SQL computes: times strictly increasing (so DuckDB's {@code arg_min}/{@code arg_max} have
 * no ties), all inside the file's year (so files never interleave), no NULL or NaN prices, whole-second raw
 * timestamps for integer encodings (so filtering on seconds equals DuckDB's filter on the raw column) and times after
 * 1970-01-08 (so DuckDB's truncating {@code //} equals a floor). Any other file is remembered as cold and read by DuckDB.
 */
final class HotTier {

    /** The fixed cost of an entry beside its columns: key, ETag, object headers. */
    private static final int ENTRY_OVERHEAD = 256;
    /** A week after the epoch: before it, DuckDB's truncating division and the week's Monday offset need care. */
    private static final long EARLIEST = 7 * 86_400L;

    record Key(String objectKey, String etag) {
    }

    /** One decoded file, or a cold marker ({@code time == null}) for a file the tier leaves to DuckDB. */
    static final class Year {
        final long[] time;
        final double[] open;
        final double[] high;
        final double[] low;
        final double[] close;
        final double[] volume;
        final String why;

        private Year(long[] time, double[] open, double[] high, double[] low, double[] close, double[] volume) {
            this.time = time;
            this.open = open;
            this.high = high;
            this.low = low;
            this.close = close;
            this.volume = volume;
            this.why = null;
        }

        private Year(String why) {
            this.time = null;
            this.open = null;
            this.high = null;
            this.low = null;
            this.close = null;
            this.volume = null;
            this.why = why;
        }

        boolean hot() {
            return time != null;
        }

        int size() {
            return time == null ? 0 : time.length;
        }

        int weight() {
            return (int) Math.min(Integer.MAX_VALUE, 48L * size() + ENTRY_OVERHEAD);
        }
    }

    private final long maxBytes;
    private final CandleAggregator aggregator;
    private final DuckDb duckDb;
    /** Counted here, not by Caffeine: its lookups of {@link #contains} are not hits or misses of a query. */
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final AtomicLong evictions = new AtomicLong();
    private final AtomicLong decodeNanos = new AtomicLong();
    private final AsyncCache<Key, Year> years;

    HotTier(long maxBytes, DuckDb duckDb, CandleAggregator aggregator) {
        this.maxBytes = maxBytes;
        this.duckDb = duckDb;
        this.aggregator = aggregator;
        this.years = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((Key k, Year y) -> y.weight())
                // maintenance on the calling thread: the figures are exact right after a decode
                .executor(Runnable::run)
                .removalListener((Key k, Year y, RemovalCause cause) -> {
                    if (cause.wasEvicted()) {
                        evictions.incrementAndGet();
                    }
                })
                .buildAsync();
    }

    boolean enabled() {
        return maxBytes > 0;
    }

    /** Whether the object's current version is decoded (or known cold) already. */
    boolean contains(ObjectInfo object) {
        CompletableFuture<Year> f = years.asMap().get(new Key(object.key(), object.etag()));
        return f != null && f.isDone() && !f.isCompletedExceptionally();
    }

    /**
     * The decoded object, decoding it on this thread when absent (a concurrent caller for the same version waits for
     * that decode instead of starting its own).
     *
     * @param file the local copy of the object, fetched only when the object must be decoded
     */
    Year year(ObjectInfo object, Supplier<CandleAggregator.Source> file, long from, long to) {
        Key key = new Key(object.key(), object.etag());
        CompletableFuture<Year> present = years.asMap().get(key);
        if (present == null) {
            CompletableFuture<Year> mine = new CompletableFuture<>();
            present = years.asMap().putIfAbsent(key, mine);
            if (present == null) {
                misses.incrementAndGet();
                long started = System.nanoTime();
                try {
                    Year decoded = decode(file.get(), from, to);
                    decodeNanos.addAndGet(System.nanoTime() - started);
                    // a year larger than the whole tier would be evicted at once and decoded on every query
                    mine.complete(decoded.weight() > maxBytes ? new Year("larger than CANDLE_HOT_TIER_BYTES") : decoded);
                } catch (RuntimeException e) {
                    mine.completeExceptionally(e); // Caffeine drops a failed entry: the next query tries again
                    throw e;
                }
                // the versions this one replaces can never be served again
                years.asMap().keySet().removeIf(k -> k.objectKey().equals(key.objectKey()) && !k.etag().equals(key.etag()));
                return mine.join();
            }
        }
        hits.incrementAndGet();
        try {
            return present.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /** Forgets the years of {@code symbol}, or all when it is null; returns how many. */
    int invalidate(String symbol) {
        int before = years.asMap().size();
        if (symbol == null) {
            years.synchronous().invalidateAll();
        } else {
            String part = "/symbol=" + symbol + "/";
            years.asMap().keySet().removeIf(k -> k.objectKey().contains(part));
        }
        years.synchronous().cleanUp();
        return Math.max(0, before - years.asMap().size());
    }

    HotTierStats stats() {
        long bytes = years.synchronous().policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
        return new HotTierStats((int) years.synchronous().estimatedSize(), bytes, maxBytes, hits.get(), misses.get(),
                evictions.get(), decodeNanos.get());
    }

    /** Reads every bar of the file through DuckDB, with the same conversion to epoch seconds as the aggregation. */
    private Year decode(CandleAggregator.Source source, long from, long to) {
        TimestampEncoding enc = aggregator.encoding(source);
        String file = DuckDb.literal(source.file());
        try (Connection c = duckDb.connect(); Statement st = c.createStatement()) {
            if (enc == TimestampEncoding.SECONDS || enc == TimestampEncoding.MILLISECONDS) {
                // DuckDB filters the raw column and rounds it to whole numbers: equal only when the raw values are whole
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM read_parquet(" + file + ") WHERE CAST(\"timestamp\" AS DOUBLE)"
                        + " <> CAST(CAST(\"timestamp\" AS BIGINT) AS DOUBLE)")) {
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        return new Year("fractional raw timestamps");
                    }
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT " + enc.epochSeconds("\"timestamp\"")
                    + ", open, high, low, close, volume FROM read_parquet(" + file + ")")) {
                return read(rs, from, to);
            }
        } catch (SQLException e) {
            return new Year("unreadable: " + e.getMessage()); // DuckDB's own path reports it as DATA_CORRUPT
        }
    }

    private static Year read(ResultSet rs, long from, long to) throws SQLException {
        int cap = 1 << 16;
        long[] t = new long[cap];
        double[] o = new double[cap];
        double[] h = new double[cap];
        double[] l = new double[cap];
        double[] c = new double[cap];
        double[] v = new double[cap];
        int n = 0;
        long previous = Long.MIN_VALUE;
        while (rs.next()) {
            if (n == cap) {
                cap *= 2;
                t = Arrays.copyOf(t, cap);
                o = Arrays.copyOf(o, cap);
                h = Arrays.copyOf(h, cap);
                l = Arrays.copyOf(l, cap);
                c = Arrays.copyOf(c, cap);
                v = Arrays.copyOf(v, cap);
            }
            long ts = rs.getLong(1);
            if (rs.wasNull()) {
                return new Year("a NULL timestamp");
            }
            if (ts < from || ts >= to || ts < EARLIEST) {
                return new Year("a bar outside the file's year");
            }
            if (ts <= previous) {
                return new Year("timestamps not strictly increasing");
            }
            previous = ts;
            t[n] = ts;
            for (int col = 2; col <= 6; col++) {
                double x = rs.getDouble(col);
                if (rs.wasNull() || Double.isNaN(x)) {
                    return new Year("a NULL or NaN price or volume");
                }
                switch (col) {
                    case 2 -> o[n] = x;
                    case 3 -> h[n] = x;
                    case 4 -> l[n] = x;
                    case 5 -> c[n] = x;
                    default -> v[n] = x;
                }
            }
            n++;
        }
        return new Year(Arrays.copyOf(t, n), Arrays.copyOf(o, n), Arrays.copyOf(h, n), Arrays.copyOf(l, n), Arrays.copyOf(c, n),
                Arrays.copyOf(v, n));
    }

    /**
     * Candles of [start, end) epoch seconds from hot years in time order: the rules of {@link CandleAggregator} (bucket
     * = UTC floor of the width, weeks from Monday, calendar months; open first, close last, empty buckets absent) as one
     * pass over the arrays. A bucket may span two years (a week crossing New Year).
     */
    static CandleSeries aggregate(String symbol, Timeframe tf, List<Year> hot, long start, long end) {
        int segments = hot.size();
        int[] lo = new int[segments];
        int[] hi = new int[segments];
        long rows = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (int s = 0; s < segments; s++) {
            long[] time = hot.get(s).time;
            lo[s] = lowerBound(time, start);
            hi[s] = lowerBound(time, end);
            if (hi[s] > lo[s]) {
                rows += hi[s] - lo[s];
                first = Math.min(first, time[lo[s]]);
                last = Math.max(last, time[hi[s] - 1]);
            }
        }
        if (rows == 0) {
            return CandleSeries.empty(symbol, tf);
        }
        long widest = tf == Timeframe.MN1 ? 28 * 86_400L : tf.seconds();
        int cap = (int) Math.min(rows, (last - first) / widest + 2);
        long[] t = new long[cap];
        double[] o = new double[cap];
        double[] h = new double[cap];
        double[] l = new double[cap];
        double[] c = new double[cap];
        double[] v = new double[cap];
        int k = -1;
        long bucketEnd = Long.MIN_VALUE;
        for (int s = 0; s < segments; s++) {
            Year y = hot.get(s);
            long[] time = y.time;
            double[] open = y.open;
            double[] high = y.high;
            double[] low = y.low;
            double[] close = y.close;
            double[] volume = y.volume;
            for (int i = lo[s], n = hi[s]; i < n; i++) {
                long ts = time[i];
                if (ts >= bucketEnd) {
                    long b = bucketStart(tf, ts);
                    bucketEnd = bucketEnd(tf, b);
                    k++;
                    t[k] = b;
                    o[k] = open[i];
                    h[k] = high[i];
                    l[k] = low[i];
                    c[k] = close[i];
                    v[k] = volume[i];
                } else {
                    if (high[i] > h[k]) {
                        h[k] = high[i];
                    }
                    if (low[i] < l[k]) {
                        l[k] = low[i];
                    }
                    c[k] = close[i];
                    v[k] += volume[i];
                }
            }
        }
        int size = k + 1;
        return new CandleSeries(symbol, tf, Arrays.copyOf(t, size), Arrays.copyOf(o, size), Arrays.copyOf(h, size),
                Arrays.copyOf(l, size), Arrays.copyOf(c, size), Arrays.copyOf(v, size));
    }

    /** As the SQL's bucket expression, for times after {@link #EARLIEST} (where DuckDB's {@code //} is a floor). */
    private static long bucketStart(Timeframe tf, long ts) {
        return switch (tf) {
            case MN1 -> {
                LocalDate d = LocalDate.ofInstant(Instant.ofEpochSecond(ts), ZoneOffset.UTC).withDayOfMonth(1);
                yield d.toEpochDay() * 86_400L;
            }
            case W1 -> ((ts - 345_600L) / 604_800L) * 604_800L + 345_600L;
            default -> (ts / tf.seconds()) * tf.seconds();
        };
    }

    private static long bucketEnd(Timeframe tf, long bucketStart) {
        if (tf == Timeframe.MN1) {
            return LocalDate.ofEpochDay(bucketStart / 86_400L).plusMonths(1).toEpochDay() * 86_400L;
        }
        return bucketStart + tf.seconds();
    }

    /** The first index whose time is at least {@code t}. */
    private static int lowerBound(long[] time, long t) {
        int a = 0;
        int b = time.length;
        while (a < b) {
            int m = (a + b) >>> 1;
            if (time[m] < t) {
                a = m + 1;
            } else {
                b = m;
            }
        }
        return a;
    }
}
