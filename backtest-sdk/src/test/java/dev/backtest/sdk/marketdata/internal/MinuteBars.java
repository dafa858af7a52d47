package dev.backtest.sdk.marketdata.internal;

import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.Timeframe;
import dev.backtest.sdk.BacktestClient;
import dev.backtest.sdk.testing.Internals;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Test data: 1-minute bars in memory, written as Parquet in either layout, and the brute-force
 * aggregation the SDK's DuckDB aggregation must equal. Bucket starts are computed here with
 * java.time only (Monday weeks, calendar months), independently of {@link Timeframe#bucketStart}.
 */
record MinuteBars(long[] time, double[] open, double[] high, double[] low, double[] close, double[] volume) {

    /** How a file stores its {@code timestamp} column. */
    enum Stamp {
        SECONDS, MILLISECONDS, TIMESTAMP, TIMESTAMP_TZ
    }

    /** One expected candle. */
    record Expected(long time, double open, double high, double low, double close, double volume) {
    }

    private static final AtomicLong TABLES = new AtomicLong();

    int size() {
        return time.length;
    }

    /**
     * Random bars in {@code [from, to)}: each minute kept with probability {@code density}, whole
     * days dropped with probability {@code dayGap}; prices are arbitrary doubles with a valid OHLC relation.
     */
    static MinuteBars random(long seed, Instant from, Instant to, double density, double dayGap) {
        SplittableRandom r = new SplittableRandom(seed);
        int cap = (int) ((to.getEpochSecond() - from.getEpochSecond()) / 60);
        long[] t = new long[cap];
        double[] o = new double[cap];
        double[] h = new double[cap];
        double[] l = new double[cap];
        double[] c = new double[cap];
        double[] v = new double[cap];
        int n = 0;
        double price = 50 + r.nextDouble() * 1000;
        long droppedDay = Long.MIN_VALUE;
        for (long s = from.getEpochSecond(); s < to.getEpochSecond(); s += 60) {
            long day = Math.floorDiv(s, 86_400L);
            if (s % 86_400L == 0 || s == from.getEpochSecond()) {
                droppedDay = r.nextDouble() < dayGap ? day : Long.MIN_VALUE;
            }
            if (day == droppedDay || r.nextDouble() >= density) {
                continue;
            }
            double open = price;
            double close = Math.max(0.01, open * (1 + (r.nextDouble() - 0.5) * 0.01));
            t[n] = s;
            o[n] = open;
            c[n] = close;
            h[n] = Math.max(open, close) * (1 + r.nextDouble() * 0.002);
            l[n] = Math.min(open, close) * (1 - r.nextDouble() * 0.002);
            v[n] = r.nextDouble() < 0.05 ? 0 : r.nextDouble() * 1000;
            price = close;
            n++;
        }
        return new MinuteBars(Arrays.copyOf(t, n), Arrays.copyOf(o, n), Arrays.copyOf(h, n), Arrays.copyOf(l, n),
                Arrays.copyOf(c, n), Arrays.copyOf(v, n));
    }

    /** The bars with time in [from, to) epoch seconds. */
    MinuteBars slice(long from, long to) {
        int a = 0;
        while (a < size() && time[a] < from) {
            a++;
        }
        int b = a;
        while (b < size() && time[b] < to) {
            b++;
        }
        return new MinuteBars(Arrays.copyOfRange(time, a, b), Arrays.copyOfRange(open, a, b), Arrays.copyOfRange(high, a, b),
                Arrays.copyOfRange(low, a, b), Arrays.copyOfRange(close, a, b), Arrays.copyOfRange(volume, a, b));
    }

    /** Writes the bars as Parquet with the timestamp column in {@code stamp} form. */
    void writeParquet(DuckDb duckDb, Path file, Stamp stamp) {
        String table = "bars_" + TABLES.incrementAndGet();
        String ts = switch (stamp) {
            case SECONDS -> "ts";
            case MILLISECONDS -> "ts * 1000";
            case TIMESTAMP -> "make_timestamp(ts * 1000000)";
            case TIMESTAMP_TZ -> "to_timestamp(ts)";
        };
        try (Connection c = duckDb.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + table + " (ts BIGINT, open DOUBLE, high DOUBLE, low DOUBLE, close DOUBLE, volume DOUBLE)");
            try (DuckDBAppender a = ((DuckDBConnection) c).createAppender(DuckDBConnection.DEFAULT_SCHEMA, table)) {
                for (int i = 0; i < size(); i++) {
                    a.beginRow();
                    a.append(time[i]);
                    a.append(open[i]);
                    a.append(high[i]);
                    a.append(low[i]);
                    a.append(close[i]);
                    a.append(volume[i]);
                    a.endRow();
                }
            }
            Files.createDirectories(file.getParent());
            s.execute("COPY (SELECT " + ts + " AS \"timestamp\", open, high, low, close, volume FROM " + table + " ORDER BY ts) TO '"
                    + file.toAbsolutePath() + "' (FORMAT parquet)");
            s.execute("DROP TABLE " + table);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Uploads one object per year in the yearly layout; returns the keys written. */
    List<String> storeYearly(BacktestClient client, String symbol, Stamp stamp, Path tempDir) {
        List<String> keys = new ArrayList<>();
        for (Map.Entry<Integer, MinuteBars> e : byPeriod(true).entrySet()) {
            int year = e.getKey();
            Path file = tempDir.resolve(symbol + "_" + year + "_" + stamp + "_" + TABLES.incrementAndGet() + ".parquet");
            e.getValue().writeParquet(Internals.duckDb(client), file, stamp);
            String key = ParquetLayout.yearlyKey(symbol, year);
            client.storage().upload(key, file);
            keys.add(key);
        }
        client.marketData().refreshListings();
        return keys;
    }

    /** Uploads one object per day in the legacy daily layout. */
    void storeDaily(BacktestClient client, String symbol, Stamp stamp, Path tempDir) {
        for (Map.Entry<Integer, MinuteBars> e : byPeriod(false).entrySet()) {
            LocalDate date = LocalDate.ofEpochDay(e.getKey());
            Path file = tempDir.resolve(symbol + "_" + date + "_" + TABLES.incrementAndGet() + ".parquet");
            e.getValue().writeParquet(Internals.duckDb(client), file, stamp);
            client.storage().upload(ParquetLayout.dailyKey(symbol, date), file);
        }
        client.marketData().refreshListings();
    }

    /** Bars grouped by UTC year ({@code yearly}) or by epoch day. */
    private Map<Integer, MinuteBars> byPeriod(boolean yearly) {
        Map<Integer, MinuteBars> out = new TreeMap<>();
        int i = 0;
        while (i < size()) {
            LocalDate d = LocalDate.ofEpochDay(Math.floorDiv(time[i], 86_400L));
            int period = yearly ? d.getYear() : (int) d.toEpochDay();
            long end = yearly ? LocalDate.of(period + 1, 1, 1).toEpochDay() * 86_400L : (period + 1L) * 86_400L;
            MinuteBars part = slice(time[i], end);
            out.put(period, part);
            i += part.size();
        }
        return out;
    }

    /** The bucket start of {@code epochSecond}, with java.time only. */
    static long bucketStart(Timeframe tf, long epochSecond) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
        LocalDateTime start = switch (tf.code()) {
            case "1m" -> t.withSecond(0);
            case "5m" -> t.withSecond(0).withMinute(t.getMinute() / 5 * 5);
            case "15m" -> t.withSecond(0).withMinute(t.getMinute() / 15 * 15);
            case "30m" -> t.withSecond(0).withMinute(t.getMinute() / 30 * 30);
            case "1h" -> t.toLocalDate().atTime(t.getHour(), 0);
            case "4h" -> t.toLocalDate().atTime(t.getHour() / 4 * 4, 0);
            case "1d" -> t.toLocalDate().atStartOfDay();
            case "1w" -> t.toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).atStartOfDay();
            case "1M" -> t.toLocalDate().withDayOfMonth(1).atStartOfDay();
            default -> throw new IllegalArgumentException(tf.code());
        };
        return start.toEpochSecond(ZoneOffset.UTC);
    }

    /** Brute force: the bars in [from, to) grouped by bucket start, in time order; empty buckets absent. */
    List<Expected> aggregate(Timeframe tf, long from, long to) {
        Map<Long, double[]> buckets = new LinkedHashMap<>();
        for (int i = 0; i < size(); i++) {
            if (time[i] < from || time[i] >= to) {
                continue;
            }
            long b = bucketStart(tf, time[i]);
            double[] agg = buckets.get(b);
            if (agg == null) {
                buckets.put(b, new double[] {open[i], high[i], low[i], close[i], volume[i]});
            } else {
                agg[1] = Math.max(agg[1], high[i]);
                agg[2] = Math.min(agg[2], low[i]);
                agg[3] = close[i];
                agg[4] += volume[i];
            }
        }
        List<Expected> out = new ArrayList<>();
        buckets.forEach((b, a) -> out.add(new Expected(b, a[0], a[1], a[2], a[3], a[4])));
        return out;
    }

    /** Exact on time and prices; volume within a relative 1e-9 (summation order differs). */
    static void assertEqual(CandleSeries actual, List<Expected> expected, String context) {
        assertThat(actual.size()).as(context + ": candle count").isEqualTo(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            Expected e = expected.get(i);
            String at = context + " candle " + i + " @" + Instant.ofEpochSecond(e.time());
            assertThat(actual.time()[i]).as(at + " time").isEqualTo(e.time());
            assertThat(actual.open()[i]).as(at + " open").isEqualTo(e.open());
            assertThat(actual.high()[i]).as(at + " high").isEqualTo(e.high());
            assertThat(actual.low()[i]).as(at + " low").isEqualTo(e.low());
            assertThat(actual.close()[i]).as(at + " close").isEqualTo(e.close());
            assertThat(actual.volume()[i]).as(at + " volume").isCloseTo(e.volume(), within(Math.abs(e.volume()) * 1e-9 + 1e-12));
        }
    }

    static Instant at(String isoDateTime) {
        return LocalDateTime.parse(isoDateTime).toInstant(ZoneOffset.UTC);
    }
}
