package dev.backtest.sdk.marketdata.internal;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.marketdata.Symbols;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Deterministic sample 1-minute OHLCV bars: a geometric random walk with slowly varying volatility,
 * prices on the instrument's tick, valid OHLC ({@code low ≤ min(open, close)}, {@code high ≥ max(open, close)}),
 * log-normal volume. Forex symbols are closed from Friday 22:00 to Sunday 22:00 UTC. The same
 * spec always produces the same bars, and consecutive years continue one walk.
 *
 * <pre>{@code
 * Map<Integer, Path> files = new SampleDataGenerator(duckDb)
 *         .writeYears(SampleDataGenerator.BTC, 2023, 2024, Path.of("/tmp/sample"));
 * }</pre>
 */
public final class SampleDataGenerator {

    /** How one instrument's sample data looks. */
    public record Spec(String symbol, double startPrice, double annualVolatility, double tick, boolean weekdaysOnly,
                       double baseVolume, long seed) {
        public Spec {
            Symbols.require(symbol);
        }
    }

    public static final Spec BTC = new Spec("BTC", 16_500.0, 0.60, 0.01, false, 12.0, 0xB7CL);
    public static final Spec ETH = new Spec("ETH", 1_200.0, 0.70, 0.01, false, 150.0, 0xE7L);
    public static final Spec EURUSD = new Spec("EURUSD", 1.0700, 0.07, 0.00001, true, 1_500_000.0, 0xE0B05DL);
    /** The seed of an empty embedded store: these symbols over these years. */
    public static final List<Spec> DEFAULT_SPECS = List.of(BTC, ETH, EURUSD);
    public static final int DEFAULT_FIRST_YEAR = 2023;
    public static final int DEFAULT_LAST_YEAR = 2024;

    private static final int SUB_STEPS = 4;

    private final DuckDb duckDb;

    public SampleDataGenerator(DuckDb duckDb) {
        this.duckDb = duckDb;
    }

    /** Columnar bars of one year. */
    record Bars(long[] time, double[] open, double[] high, double[] low, double[] close, double[] volume, int size) {
    }

    /** Writes one Parquet file per year, {@code dir/{SYMBOL}_{YYYY}.parquet}, and returns them by year. */
    public Map<Integer, Path> writeYears(Spec spec, int fromYear, int toYear, Path dir) {
        if (fromYear > toYear) {
            throw BacktestException.of(ErrorCode.DATE_RANGE, "fromYear " + fromYear + " is after toYear " + toYear);
        }
        Map<Integer, Path> out = new LinkedHashMap<>();
        Walk walk = new Walk(spec);
        try {
            Files.createDirectories(dir);
            for (int year = fromYear; year <= toYear; year++) {
                Bars bars = walk.year(year);
                Path file = dir.resolve(spec.symbol() + "_" + year + ".parquet");
                writeParquet(bars, file);
                out.put(year, file);
            }
            return out;
        } catch (java.io.IOException e) {
            throw new BacktestException(ErrorCode.INTERNAL, "cannot write sample data to " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Bars of the given years, in memory (what {@link #writeYears} writes). */
    Bars generate(Spec spec, int fromYear, int toYear) {
        Walk walk = new Walk(spec);
        Bars last = null;
        for (int year = fromYear; year <= toYear; year++) {
            last = walk.year(year);
        }
        return last;
    }

    private void writeParquet(Bars bars, Path file) {
        String table = "sample_" + Long.toHexString(System.nanoTime()) + "_" + Thread.currentThread().getId();
        try (Connection c = duckDb.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + table + " (ts BIGINT, open DOUBLE, high DOUBLE, low DOUBLE, close DOUBLE, volume DOUBLE)");
            try {
                try (DuckDBAppender a = ((DuckDBConnection) c).createAppender(DuckDBConnection.DEFAULT_SCHEMA, table)) {
                    for (int i = 0; i < bars.size(); i++) {
                        a.beginRow();
                        a.append(bars.time()[i]);
                        a.append(bars.open()[i]);
                        a.append(bars.high()[i]);
                        a.append(bars.low()[i]);
                        a.append(bars.close()[i]);
                        a.append(bars.volume()[i]);
                        a.endRow();
                    }
                }
                Path tmp = file.resolveSibling(file.getFileName() + ".part");
                s.execute("COPY (SELECT epoch_ms(ts * 1000) AS \"timestamp\", open, high, low, close, volume FROM " + table
                        + " ORDER BY ts) TO " + DuckDb.literal(tmp) + " (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)");
                Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } finally {
                s.execute("DROP TABLE IF EXISTS " + table);
            }
        } catch (SQLException | java.io.IOException e) {
            throw new BacktestException(ErrorCode.INTERNAL, "cannot write Parquet file " + file + ": " + e.getMessage(), e);
        }
    }

    /** One instrument's walk, year after year. */
    private static final class Walk {
        private final Spec spec;
        private final SplittableRandom random;
        private final double minuteSigma;
        private double price;
        private final double scale;
        private double logVolShock;

        Walk(Spec spec) {
            this.spec = spec;
            this.random = new SplittableRandom(spec.seed());
            double tradingMinutesPerYear = spec.weekdaysOnly() ? 260.0 * 1440 : 365.0 * 1440;
            this.minuteSigma = spec.annualVolatility() / Math.sqrt(tradingMinutesPerYear);
            this.price = spec.startPrice();
            this.scale = Math.rint(1.0 / spec.tick());
        }

        Bars year(int year) {
            long from = LocalDateTime.of(year, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
            long to = LocalDateTime.of(year + 1, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
            int capacity = (int) ((to - from) / 60);
            long[] time = new long[capacity];
            double[] open = new double[capacity];
            double[] high = new double[capacity];
            double[] low = new double[capacity];
            double[] close = new double[capacity];
            double[] volume = new double[capacity];
            int n = 0;
            double subSigma = minuteSigma / Math.sqrt(SUB_STEPS);
            for (long t = from; t < to; t += 60) {
                if (spec.weekdaysOnly() && marketClosed(t)) {
                    continue;
                }
                // volatility clustering: a slow mean-reverting log-volatility shock
                logVolShock = 0.9995 * logVolShock + 0.02 * random.nextGaussian();
                double sigma = subSigma * Math.exp(logVolShock);
                double o = round(price);
                double p = o;
                double hi = o;
                double lo = o;
                for (int k = 0; k < SUB_STEPS; k++) {
                    p *= Math.exp(sigma * random.nextGaussian() - 0.5 * sigma * sigma);
                    hi = Math.max(hi, p);
                    lo = Math.min(lo, p);
                }
                double c = round(p);
                time[n] = t;
                open[n] = o;
                close[n] = c;
                high[n] = Math.max(round(hi), Math.max(o, c));
                low[n] = Math.max(spec.tick(), Math.min(round(lo), Math.min(o, c)));
                double move = Math.abs(Math.log(c / o)) / (minuteSigma + 1e-12);
                volume[n] = Math.round(spec.baseVolume() * Math.exp(0.6 * random.nextGaussian()) * (0.5 + move) * 1e4) / 1e4;
                price = p;
                n++;
            }
            return new Bars(time, open, high, low, close, volume, n);
        }

        /** To the tick, as the nearest double to the decimal (an integer divided by a power of ten). */
        private double round(double value) {
            return Math.max(1.0, Math.rint(value * scale)) / scale;
        }

        /** Forex: closed from Friday 22:00 UTC until Sunday 22:00 UTC. */
        private static boolean marketClosed(long epochSecond) {
            LocalDateTime t = LocalDateTime.ofInstant(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
            DayOfWeek d = t.getDayOfWeek();
            return d == DayOfWeek.SATURDAY || (d == DayOfWeek.FRIDAY && t.getHour() >= 22)
                    || (d == DayOfWeek.SUNDAY && t.getHour() < 22);
        }
    }
}
