package dev.backtest.sdk.marketdata.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.Timeframe;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;

/**
 * Aggregates 1-minute bars in local Parquet files to candles with DuckDB: open = first open, high =
 * max, low = min, close = last close, volume = sum, time = bucket start; empty buckets are absent.
 * Buckets are integer keys computed from epoch seconds ({@code arg_min}/{@code arg_max} over them
 * was the fastest form measured).
 */
final class CandleAggregator {

    /** A local file and the object it was downloaded from (named in errors). */
    record Source(Path file, String key) {
    }

    private final DuckDb duckDb;
    /** How each cached file stores its timestamps, found once per file (a path and an enum: about 200 bytes each). */
    private final Cache<Path, TimestampEncoding> encodings = Caffeine.newBuilder().maximumSize(100_000).build();

    CandleAggregator(DuckDb duckDb) {
        this.duckDb = duckDb;
    }

    /** Candles of [start, end) epoch seconds, at most {@code limit} of them (one more signals overflow). */
    CandleSeries aggregate(String symbol, Timeframe tf, List<Source> sources, long start, long end, int limit) {
        if (sources.isEmpty()) {
            return CandleSeries.empty(symbol, tf);
        }
        StringBuilder union = new StringBuilder();
        for (Source s : sources) {
            TimestampEncoding enc = encoding(s);
            if (union.length() > 0) {
                union.append(" UNION ALL ");
            }
            union.append("SELECT ").append(enc.epochSeconds("\"timestamp\"")).append(" AS ts, open, high, low, close, volume FROM read_parquet(")
                    .append(DuckDb.literal(s.file())).append(") WHERE ").append(enc.filter("\"timestamp\"", start, end));
        }
        String sql = "SELECT b, arg_min(open, ts), max(high), min(low), arg_max(close, ts), sum(volume) FROM (SELECT "
                + bucket(tf) + " AS b, ts, open, high, low, close, volume FROM (" + union + ")) GROUP BY b ORDER BY b LIMIT " + limit;
        try (Connection c = duckDb.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return read(symbol, tf, rs);
        } catch (SQLException e) {
            throw corrupt(sources, e);
        }
    }

    private static String bucket(Timeframe tf) {
        return switch (tf) {
            case MN1 -> "CAST(epoch(date_trunc('month', make_timestamp(ts * 1000000))) AS BIGINT)";
            case W1 -> "((ts - 345600) // 604800) * 604800 + 345600";
            default -> "(ts // " + tf.seconds() + ") * " + tf.seconds();
        };
    }

    static CandleSeries read(String symbol, Timeframe tf, ResultSet rs) throws SQLException {
        int cap = 1024;
        long[] t = new long[cap];
        double[] o = new double[cap];
        double[] h = new double[cap];
        double[] l = new double[cap];
        double[] c = new double[cap];
        double[] v = new double[cap];
        int n = 0;
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
            t[n] = rs.getLong(1);
            o[n] = rs.getDouble(2);
            h[n] = rs.getDouble(3);
            l[n] = rs.getDouble(4);
            c[n] = rs.getDouble(5);
            v[n] = rs.getDouble(6);
            n++;
        }
        return new CandleSeries(symbol, tf, Arrays.copyOf(t, n), Arrays.copyOf(o, n), Arrays.copyOf(h, n), Arrays.copyOf(l, n),
                Arrays.copyOf(c, n), Arrays.copyOf(v, n));
    }

    /** First and last bar time (epoch seconds) in a file. */
    long[] bounds(Source s) {
        TimestampEncoding enc = encoding(s);
        String col = enc.epochSeconds("\"timestamp\"");
        String sql = "SELECT min(" + col + "), max(" + col + ") FROM read_parquet(" + DuckDb.literal(s.file()) + ")";
        try (Connection c = duckDb.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        } catch (SQLException e) {
            throw corrupt(List.of(s), e);
        }
    }

    TimestampEncoding encoding(Source s) {
        return encodings.get(s.file(), f -> detectEncoding(s));
    }

    /** How the file stores its timestamp column (not remembered: for one-off files such as an import's). */
    TimestampEncoding detectEncoding(Source s) {
        String file = DuckDb.literal(s.file());
        try (Connection c = duckDb.connect(); Statement st = c.createStatement()) {
            String type = null;
            boolean hasAll = false;
            int columns = 0;
            try (ResultSet rs = st.executeQuery("DESCRIBE SELECT * FROM read_parquet(" + file + ")")) {
                while (rs.next()) {
                    String name = rs.getString("column_name");
                    if (List.of("timestamp", "open", "high", "low", "close", "volume").contains(name)) {
                        columns++;
                    }
                    if (name.equals("timestamp")) {
                        type = rs.getString("column_type");
                    }
                }
                hasAll = columns == 6;
            }
            if (!hasAll || type == null) {
                throw BacktestException.of(ErrorCode.DATA_CORRUPT, "object " + s.key()
                        + " lacks the columns timestamp, open, high, low, close, volume").with("key", s.key());
            }
            long max = 0;
            if (TimestampEncoding.isInteger(type)) {
                try (ResultSet rs = st.executeQuery("SELECT CAST(max(\"timestamp\") AS BIGINT) FROM read_parquet(" + file + ")")) {
                    rs.next();
                    max = rs.getLong(1);
                }
            } else if (!type.toUpperCase(java.util.Locale.ROOT).startsWith("TIMESTAMP")) {
                throw BacktestException.of(ErrorCode.DATA_CORRUPT, "object " + s.key() + " has a timestamp column of type " + type
                        + "; accepted: unix seconds, unix milliseconds or TIMESTAMP").with("key", s.key());
            }
            return TimestampEncoding.of(type, max);
        } catch (SQLException e) {
            throw corrupt(List.of(s), e);
        }
    }

    private static BacktestException corrupt(List<Source> sources, SQLException e) {
        String keys = sources.stream().map(Source::key).reduce((a, b) -> a + ", " + b).orElse("");
        return new BacktestException(ErrorCode.DATA_CORRUPT, "cannot read Parquet object " + keys + ": "
                + firstLine(e.getMessage()), e).with("key", sources.size() == 1 ? sources.get(0).key() : keys);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
