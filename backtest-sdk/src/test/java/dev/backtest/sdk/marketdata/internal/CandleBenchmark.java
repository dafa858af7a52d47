package dev.backtest.sdk.marketdata.internal;

import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.Timeframe;
import dev.backtest.sdk.BacktestClient;
import dev.backtest.sdk.config.ConfigKey;
import dev.backtest.sdk.marketdata.CandleCacheStats;
import dev.backtest.sdk.marketdata.HotTierStats;
import dev.backtest.sdk.testing.Internals;
import dev.backtest.sdk.testing.TestDatabases;
import org.postgresql.PGConnection;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Candle aggregation of one year of 1-minute bars (BTC 2024 from the embedded sample data) to
 * {@code 1h} and {@code 1d}, measured in one JVM run by five methods:
 * <ol type="a">
 *   <li>the SDK with a warm file cache and no result cache ({@code candleCacheBytes(0)}: every call
 *       recomputes in DuckDB);</li>
 *   <li>a hand-written DuckDB query on the same local Parquet file the SDK reads (same engine
 *       instance, one prepared statement, timed from execution through reading every row);</li>
 *   <li>the same bars in a PostgreSQL table (COPY, index on time, VACUUM ANALYZE) aggregated with
 *       GROUP BY over an integer bucket (only the query is timed);</li>
 *   <li>a plain Java loop over the decoded 1-minute arrays (the physical floor);</li>
 *   <li>the SDK answering an identical repeat from its result cache;</li>
 *   <li>the SDK with no result cache but its hot tier on (issue 19): the year is decoded into arrays by the first query,
 *       every call aggregates them again (an uncached range of a hot year).</li>
 * </ol>
 * (a) runs with the hot tier off ({@code candleHotTierBytes(0)}), so it stays the DuckDB path.
 * Methods run round-robin within each iteration, so bursts of noise on a shared machine fall on all
 * of them alike. Every result of every iteration is checked against (a): same count and times, same
 * OHLC, volume within 1e-9 relative; any difference fails the run (exit status 1).
 *
 * <p>Not a test: run it by hand (see BENCHMARKS.md, "Market data (SDK)"). System properties:
 * {@code bench.warmup} (default 15), {@code bench.iterations} (default 60), {@code bench.jitWarmup} (result-cache
 * hits per timeframe before the warm-up rounds, default 20000, so the JIT has compiled that path), {@code bench.symbol}
 * (BTC), {@code bench.year} (2024), {@code bench.dir} (default {@code backtest-sdk/target/candle-bench}, kept
 * between runs so the sample data is generated once).
 */
public final class CandleBenchmark {

    private static final List<Timeframe> TIMEFRAMES = List.of(Timeframe.H1, Timeframe.D1);
    private static final double VOLUME_TOLERANCE = 1e-9;

    private final String symbol;
    private final LocalDate first;
    private final LocalDate last;
    private final long startSecond;
    private final long endSecond;

    private CandleBenchmark(String symbol, int year) {
        this.symbol = symbol;
        this.first = LocalDate.of(year, 1, 1);
        this.last = LocalDate.of(year, 12, 31);
        this.startSecond = first.atStartOfDay().toEpochSecond(ZoneOffset.UTC);
        this.endSecond = last.plusDays(1).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
    }

    /** One way of computing the candles of a timeframe. */
    @FunctionalInterface
    private interface Method {
        CandleSeries run(Timeframe tf) throws Exception;
    }

    private record Named(String id, String label, Method method) {
    }

    public static void main(String[] args) throws Exception {
        int warmup = Integer.getInteger("bench.warmup", 15);
        int iterations = Integer.getInteger("bench.iterations", 60);
        int jitWarmup = Integer.getInteger("bench.jitWarmup", 20_000);
        String symbol = System.getProperty("bench.symbol", "BTC");
        int year = Integer.getInteger("bench.year", 2024);
        String configured = System.getProperty("bench.dir");
        Path dir = configured != null ? Path.of(configured).toAbsolutePath() : defaultDir();
        try {
            new CandleBenchmark(symbol, year).run(dir, warmup, iterations, jitWarmup);
        } catch (Mismatch e) {
            System.err.println("RESULTS DIFFER: " + e.getMessage());
            System.exit(1);
        }
        // DuckDB, Hikari and H2 leave non-daemon threads behind under exec:java; the work is done.
        System.exit(0);
    }

    private void run(Path dir, int warmup, int iterations, int jitWarmup) throws Exception {
        Files.createDirectories(dir);
        // Two clients over the same object folder and file cache; each with its own throw-away H2 database.
        try (BacktestClient cold = BacktestClient.builder().ignoreEnvironment().embedded(dir)
                     .databaseUrl(TestDatabases.freshH2()).candleCacheBytes(0).candleHotTierBytes(0).sampleData(true).build();
             BacktestClient warm = BacktestClient.builder().ignoreEnvironment().embedded(dir)
                     .databaseUrl(TestDatabases.freshH2()).candleHotTierBytes(0).sampleData(true).build();
             // no workers: the sample index's run would decode other sample years into the tier meanwhile
             BacktestClient hot = BacktestClient.builder().ignoreEnvironment().embedded(dir).set(ConfigKey.BACKTEST_WORKERS, "0")
                     .databaseUrl(TestDatabases.freshH2()).candleCacheBytes(0).sampleData(true).build()) {

            // (d) input: the year's 1-minute bars decoded once; this fetch also fills the file cache.
            CandleSeries minutes = cold.candles().symbol(symbol).between(first, last).timeframe(Timeframe.M1).fetch();
            Path parquet = cachedFile(dir, ParquetLayout.yearlyKey(symbol, first.getYear()));
            long parquetBytes = Files.size(parquet);
            // The hot tier's first query of the year: decoding it (file cache already warm) plus one aggregation.
            long decodeStart = System.nanoTime();
            fetch(hot, Timeframe.H1);
            long firstHotQuery = System.nanoTime() - decodeStart;
            HotTierStats decoded = hot.marketData().hotTierStats();

            String pgUrl = TestDatabases.freshPostgresSchema();
            try (Connection duck = Internals.duckDb(cold).connect();
                 Connection pg = DriverManager.getConnection(pgUrl)) {
                loadPostgres(pg, minutes);
                Map<Timeframe, PreparedStatement> duckQueries = new LinkedHashMap<>();
                Map<Timeframe, PreparedStatement> pgQueries = new LinkedHashMap<>();
                for (Timeframe tf : TIMEFRAMES) {
                    duckQueries.put(tf, duck.prepareStatement(duckDbSql(parquet, tf)));
                    pgQueries.put(tf, pg.prepareStatement(postgresSql(tf)));
                }

                List<Named> methods = List.of(
                        new Named("a", "SDK, cold result cache", tf -> fetch(cold, tf)),
                        new Named("b", "DuckDB raw SQL, same file", tf -> read(duckQueries.get(tf), tf)),
                        new Named("c", "PostgreSQL GROUP BY", tf -> read(pgQueries.get(tf), tf)),
                        new Named("d", "Java loop over 1m arrays", tf -> aggregate(minutes, tf)),
                        new Named("e", "SDK, result-cache hit", tf -> fetch(warm, tf)),
                        new Named("f", "SDK, hot tier, no result cache", tf -> fetch(hot, tf)));

                Map<String, long[]> nanos = new LinkedHashMap<>();
                Map<Timeframe, Integer> rows = new LinkedHashMap<>();
                for (Timeframe tf : TIMEFRAMES) {
                    for (Named m : methods) {
                        nanos.put(m.id + tf.code(), new long[iterations]);
                    }
                }
                // The cache-hit path runs only once per iteration, far too rarely for the JIT to compile it;
                // a server would run it thousands of times. Compile it first, as the other paths are by their inner loops.
                for (int i = 0; i < jitWarmup; i++) {
                    for (Timeframe tf : TIMEFRAMES) {
                        fetch(warm, tf);
                    }
                }
                CandleCacheStats warmBefore = null;
                for (int i = -warmup; i < iterations; i++) {
                    if (i == 0) {
                        warmBefore = warm.marketData().cacheStats();
                    }
                    for (Timeframe tf : TIMEFRAMES) {
                        CandleSeries reference = null;
                        for (Named m : methods) {
                            long t0 = System.nanoTime();
                            CandleSeries s = m.method.run(tf);
                            long elapsed = System.nanoTime() - t0;
                            if (reference == null) {
                                reference = s;
                                rows.put(tf, s.size());
                            } else {
                                verify(reference, s, "(" + m.id + ") " + m.label + " " + tf.code());
                            }
                            if (i >= 0) {
                                nanos.get(m.id + tf.code())[i] = elapsed;
                            }
                        }
                    }
                }
                CandleCacheStats coldStats = cold.marketData().cacheStats();
                CandleCacheStats warmStats = warm.marketData().cacheStats();
                if (coldStats.hits() != 0) {
                    throw new Mismatch("(a) was answered from the result cache " + coldStats.hits() + " times");
                }
                if (warmStats.misses() != warmBefore.misses()) {
                    throw new Mismatch("(e) missed the result cache " + (warmStats.misses() - warmBefore.misses())
                            + " times during measurement");
                }
                HotTierStats hotStats = hot.marketData().hotTierStats();
                if (hotStats.misses() != decoded.misses()) {
                    throw new Mismatch("(f) decoded " + (hotStats.misses() - decoded.misses()) + " times during the run, expected 0");
                }
                report(cold, pg, parquet, parquetBytes, minutes.size(), warmup, iterations, jitWarmup, methods, nanos, rows);
                long bytes = decoded.years() == 0 ? 0 : decoded.bytes() / decoded.years();
                System.out.printf(Locale.ROOT, "Hot tier: first query of the year %s ms (of which decoding %s ms), %,d bytes per"
                        + " symbol-year (%.2f× the Parquet file; %d year(s) held); %d hits and no decode during the run%n",
                        ms(firstHotQuery), ms(decoded.decodeNanos()), bytes, (double) bytes / parquetBytes, decoded.years(),
                        hotStats.hits());
                for (PreparedStatement p : duckQueries.values()) {
                    p.close();
                }
                for (PreparedStatement p : pgQueries.values()) {
                    p.close();
                }
            } finally {
                TestDatabases.dropSchema(pgUrl);
            }
        }
    }

    /** {@code target/candle-bench} of this module, wherever Maven was started from. */
    private static Path defaultDir() throws java.net.URISyntaxException {
        Path testClasses = Path.of(CandleBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return testClasses.getParent().resolve("candle-bench");
    }

    private CandleSeries fetch(BacktestClient client, Timeframe tf) {
        return client.candles().symbol(symbol).between(first, last).timeframe(tf).fetch();
    }

    /**
     * The SDK's aggregation written by hand for one file whose {@code timestamp} column is a
     * TIMESTAMP: integer bucket keys from epoch seconds, {@code arg_min}/{@code arg_max} for open and close.
     */
    private String duckDbSql(Path parquet, Timeframe tf) {
        long w = tf.seconds();
        return "SELECT (ts // " + w + ") * " + w + " AS b, arg_min(open, ts), max(high), min(low), arg_max(close, ts), sum(volume)"
                + " FROM (SELECT epoch_ms(\"timestamp\") // 1000 AS ts, open, high, low, close, volume"
                + " FROM read_parquet('" + parquet.toString().replace("'", "''") + "')"
                + " WHERE \"timestamp\" >= make_timestamp(" + startSecond * 1_000_000L + ")"
                + " AND \"timestamp\" < make_timestamp(" + endSecond * 1_000_000L + "))"
                + " GROUP BY b ORDER BY b";
    }

    /**
     * PostgreSQL has no arg_min: first open and last close are the ends of an ordered array_agg
     * (the usual idiom; joining back on min(ts)/max(ts) per bucket or window functions were no
     * faster here, and a larger work_mem gained under 10%).
     */
    private String postgresSql(Timeframe tf) {
        long w = tf.seconds();
        return "SELECT (ts / " + w + ") * " + w + " AS b, (array_agg(open ORDER BY ts))[1], max(high), min(low),"
                + " (array_agg(close ORDER BY ts DESC))[1], sum(volume) FROM bars"
                + " WHERE symbol = '" + symbol + "' AND ts >= " + startSecond + " AND ts < " + endSecond
                + " GROUP BY b ORDER BY b";
    }

    private static void loadPostgres(Connection pg, CandleSeries m) throws SQLException, IOException {
        try (Statement s = pg.createStatement()) {
            s.execute("CREATE TABLE bars (symbol text NOT NULL, ts bigint NOT NULL, open double precision NOT NULL,"
                    + " high double precision NOT NULL, low double precision NOT NULL, close double precision NOT NULL,"
                    + " volume double precision NOT NULL)");
        }
        StringBuilder csv = new StringBuilder(m.size() * 64);
        for (int i = 0; i < m.size(); i++) {
            // Double.toString is the shortest exact form; PostgreSQL parses it back to the same double.
            csv.append(m.symbol()).append(',').append(m.time()[i]).append(',').append(m.open()[i]).append(',')
                    .append(m.high()[i]).append(',').append(m.low()[i]).append(',').append(m.close()[i]).append(',')
                    .append(m.volume()[i]).append('\n');
        }
        pg.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY bars FROM STDIN (FORMAT csv)", new StringReader(csv.toString()));
        try (Statement s = pg.createStatement()) {
            s.execute("CREATE INDEX bars_symbol_ts ON bars (symbol, ts)");
        }
        boolean auto = pg.getAutoCommit();
        pg.setAutoCommit(true);
        try (Statement s = pg.createStatement()) {
            s.execute("VACUUM ANALYZE bars");
        }
        pg.setAutoCommit(auto);
    }

    /** Executes and reads every row into columns with the SDK's own reader. */
    private CandleSeries read(PreparedStatement ps, Timeframe tf) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return CandleAggregator.read(symbol, tf, rs);
        }
    }

    /** The floor: one pass over sorted 1-minute arrays, no allocation per bar. */
    static CandleSeries aggregate(CandleSeries m, Timeframe tf) {
        long w = tf.seconds();
        long[] time = m.time();
        double[] open = m.open();
        double[] high = m.high();
        double[] low = m.low();
        double[] close = m.close();
        double[] volume = m.volume();
        int n = time.length;
        int cap = n == 0 ? 0 : (int) ((time[n - 1] - time[0]) / w + 2);
        long[] t = new long[cap];
        double[] o = new double[cap];
        double[] h = new double[cap];
        double[] l = new double[cap];
        double[] c = new double[cap];
        double[] v = new double[cap];
        int k = -1;
        long bucket = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            long b = Math.floorDiv(time[i], w) * w;
            if (b != bucket) {
                bucket = b;
                k++;
                t[k] = b;
                o[k] = open[i];
                h[k] = high[i];
                l[k] = low[i];
                v[k] = 0;
            } else {
                if (high[i] > h[k]) {
                    h[k] = high[i];
                }
                if (low[i] < l[k]) {
                    l[k] = low[i];
                }
            }
            c[k] = close[i];
            v[k] += volume[i];
        }
        int size = k + 1;
        return CandleSeries.of(m.symbol(), tf, Arrays.copyOf(t, size), Arrays.copyOf(o, size), Arrays.copyOf(h, size),
                Arrays.copyOf(l, size), Arrays.copyOf(c, size), Arrays.copyOf(v, size));
    }

    private static void verify(CandleSeries expected, CandleSeries actual, String what) {
        if (expected.size() != actual.size()) {
            throw new Mismatch(what + ": " + actual.size() + " candles, expected " + expected.size());
        }
        for (int i = 0; i < expected.size(); i++) {
            if (expected.time()[i] != actual.time()[i] || expected.open()[i] != actual.open()[i]
                    || expected.high()[i] != actual.high()[i] || expected.low()[i] != actual.low()[i]
                    || expected.close()[i] != actual.close()[i]
                    || Math.abs(expected.volume()[i] - actual.volume()[i])
                    > VOLUME_TOLERANCE * Math.max(Math.abs(expected.volume()[i]), Double.MIN_NORMAL)) {
                throw new Mismatch(what + ": candle " + i + " is " + actual.get(i) + ", expected " + expected.get(i));
            }
        }
    }

    /** The local copy the SDK's file cache made of an object: {@code cache/<sha-256 of key, 32 hex>/<etag>.bin}. */
    private static Path cachedFile(Path dataDir, String key) throws IOException, NoSuchAlgorithmException {
        byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        Path folder = dataDir.resolve("cache").resolve(HexFormat.of().formatHex(d, 0, 16));
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.bin")) {
            files.forEach(found::add);
        }
        if (found.size() != 1) {
            throw new IllegalStateException("expected one cached copy of " + key + " in " + folder + ", found " + found);
        }
        return found.get(0);
    }

    private void report(BacktestClient client, Connection pg, Path parquet, long parquetBytes, int minuteBars, int warmup,
                        int iterations, int jitWarmup, List<Named> methods, Map<String, long[]> nanos, Map<Timeframe, Integer> rows)
            throws SQLException {
        String pgVersion;
        try (Statement s = pg.createStatement(); ResultSet rs = s.executeQuery("SHOW server_version")) {
            rs.next();
            pgVersion = rs.getString(1);
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "Machine: %s; %d cores visible to the JVM; %s %s; Java %s (%s); DuckDB %s; PostgreSQL %s%n",
                cpuModel(), Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.version"), System.getProperty("java.version"), System.getProperty("java.vm.name"),
                Internals.duckDb(client).version(), pgVersion);
        System.out.printf(Locale.ROOT, "Data: %s %d, %,d one-minute bars, Parquet %,d bytes (%s)%n", symbol, first.getYear(),
                minuteBars, parquetBytes, parquet.getFileName());
        System.out.printf(Locale.ROOT, "Runs: %d warm-up + %d measured iterations, methods round-robin within each"
                + " (after %d result-cache hits per timeframe to compile that path)%n%n", warmup, iterations, jitWarmup);
        System.out.println("| Method | Timeframe | Candles | Median (ms) | p90 (ms) | Min (ms) |");
        System.out.println("|---|---|---:|---:|---:|---:|");
        for (Timeframe tf : TIMEFRAMES) {
            for (Named m : methods) {
                long[] x = nanos.get(m.id + tf.code());
                System.out.printf(Locale.ROOT, "| (%s) %s | 1m→%s | %d | %s | %s | %s |%n", m.id, m.label, tf.code(), rows.get(tf),
                        ms(percentile(x, 50)), ms(percentile(x, 90)), ms(percentile(x, 0)));
            }
        }
        System.out.println();
        System.out.println("| Ratio | 1h, medians | 1d, medians | 1h, minimums | 1d, minimums | Target |");
        System.out.println("|---|---:|---:|---:|---:|---|");
        ratio(nanos, "(a) / (b): SDK over raw DuckDB", "a", "b", "≤ 1.3");
        ratio(nanos, "(c) / (a): PostgreSQL over SDK", "c", "a", "≥ 10");
        ratio(nanos, "(a) / (d): SDK over Java floor", "a", "d", "—");
        ratio(nanos, "(f) / (d): SDK hot tier over Java floor", "f", "d", "≤ 3");
        ratio(nanos, "(a) / (f): DuckDB path over hot tier", "a", "f", "—");
        System.out.printf(Locale.ROOT, "| (e) SDK cache hit, absolute | %s ms | %s ms | %s ms | %s ms | ≤ 1 ms |%n",
                ms(percentile(nanos.get("e1h"), 50)), ms(percentile(nanos.get("e1d"), 50)),
                ms(percentile(nanos.get("e1h"), 0)), ms(percentile(nanos.get("e1d"), 0)));
        System.out.println();
        System.out.println("All methods returned identical candles in every iteration (count, time, OHLC exact; volume within 1e-9).");
    }

    private static void ratio(Map<String, long[]> nanos, String label, String num, String den, String target) {
        StringBuilder row = new StringBuilder("| " + label + " |");
        for (int p : new int[] {50, 0}) {
            for (Timeframe tf : TIMEFRAMES) {
                double r = (double) percentile(nanos.get(num + tf.code()), p) / percentile(nanos.get(den + tf.code()), p);
                row.append(String.format(Locale.ROOT, " %.2f |", r));
            }
        }
        System.out.println(row + " " + target + " |");
    }

    /** Nearest-rank percentile (0 is the minimum). */
    private static long percentile(long[] values, int p) {
        long[] s = values.clone();
        Arrays.sort(s);
        int rank = Math.max(1, (int) Math.ceil(p / 100.0 * s.length));
        return s[rank - 1];
    }

    private static String ms(long nanos) {
        double ms = nanos / 1e6;
        return ms < 1 ? String.format(Locale.ROOT, "%.3f", ms) : ms < 100 ? String.format(Locale.ROOT, "%.2f", ms)
                : String.format(Locale.ROOT, "%.0f", ms);
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux: the JVM's view is enough
        }
        return System.getProperty("os.arch");
    }

    /** Two methods disagreed, or a cache did not behave as the measurement assumes. */
    private static final class Mismatch extends RuntimeException {
        Mismatch(String message) {
            super(message);
        }
    }
}
