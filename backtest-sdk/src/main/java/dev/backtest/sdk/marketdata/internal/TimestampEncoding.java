package dev.backtest.sdk.marketdata.internal;

import java.util.Locale;

/**
 * How a Parquet file stores its {@code timestamp} column, and the SQL that turns it into epoch
 * seconds and filters it on the raw column (so DuckDB can skip row groups by their statistics).
 */
enum TimestampEncoding {
    SECONDS, MILLISECONDS, TIMESTAMP, TIMESTAMP_TZ;

    /** Epoch seconds as BIGINT. */
    String epochSeconds(String column) {
        return switch (this) {
            case SECONDS -> "CAST(" + column + " AS BIGINT)";
            case MILLISECONDS -> "(CAST(" + column + " AS BIGINT) // 1000)";
            case TIMESTAMP, TIMESTAMP_TZ -> "(epoch_ms(" + column + ") // 1000)";
        };
    }

    /** {@code column} within [start, end) epoch seconds. */
    String filter(String column, long start, long end) {
        return switch (this) {
            case SECONDS -> column + " >= " + start + " AND " + column + " < " + end;
            case MILLISECONDS -> column + " >= " + start * 1000 + " AND " + column + " < " + end * 1000;
            case TIMESTAMP -> column + " >= make_timestamp(" + start * 1_000_000L + ") AND " + column + " < make_timestamp("
                    + end * 1_000_000L + ")";
            case TIMESTAMP_TZ -> column + " >= to_timestamp(" + start + ") AND " + column + " < to_timestamp(" + end + ")";
        };
    }

    /**
     * The encoding of a column of DuckDB type {@code type}; integers are seconds or milliseconds by
     * magnitude ({@code maxValue} above 10^11 cannot be seconds before year 5138).
     */
    static TimestampEncoding of(String type, long maxValue) {
        String t = type.toUpperCase(Locale.ROOT);
        if (t.startsWith("TIMESTAMP WITH TIME ZONE") || t.equals("TIMESTAMPTZ")) {
            return TIMESTAMP_TZ;
        }
        if (t.startsWith("TIMESTAMP")) {
            return TIMESTAMP;
        }
        return maxValue > 100_000_000_000L ? MILLISECONDS : SECONDS;
    }

    static boolean isInteger(String type) {
        String t = type.toUpperCase(Locale.ROOT);
        return t.equals("BIGINT") || t.equals("INTEGER") || t.equals("HUGEINT") || t.equals("UBIGINT") || t.equals("UINTEGER")
                || t.equals("DOUBLE") || t.equals("FLOAT") || t.startsWith("DECIMAL");
    }
}
