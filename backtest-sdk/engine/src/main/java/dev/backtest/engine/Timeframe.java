package dev.backtest.engine;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The candle widths: {@code 1m 5m 15m 30m 1h 4h 1d 1w 1M} (case-sensitive: {@code 1m} is a minute,
 * {@code 1M} a month). Buckets are UTC; a week starts Monday 00:00 UTC; a month is the calendar month.
 *
 * <pre>{@code
 * Timeframe tf = Timeframe.parse("4h");
 * long bucket = tf.bucketStart(1_704_067_260L); // 2024-01-01T00:00:00Z
 * }</pre>
 */
public enum Timeframe {
    M1("1m", 60),
    M5("5m", 300),
    M15("15m", 900),
    M30("30m", 1800),
    H1("1h", 3600),
    H4("4h", 14_400),
    D1("1d", 86_400),
    W1("1w", 604_800),
    MN1("1M", 0);

    /** 1970-01-05 was a Monday: week buckets count from there. */
    private static final long MONDAY_EPOCH_OFFSET = 4 * 86_400L;

    private final String code;
    private final long seconds;

    Timeframe(String code, long seconds) {
        this.code = code;
        this.seconds = seconds;
    }

    /** The string form: {@code 1m}, {@code 1h}, {@code 1M}, ... */
    public String code() {
        return code;
    }

    /** The fixed width in seconds; 0 for {@link #MN1} whose width varies. */
    public long seconds() {
        return seconds;
    }

    /**
     * Parses the string form, case-sensitively.
     *
     * @throws BacktestException {@link ErrorCode#INVALID_TIMEFRAME} naming the accepted values
     */
    public static Timeframe parse(String code) {
        for (Timeframe t : values()) {
            if (t.code.equals(code)) {
                return t;
            }
        }
        String shown = code == null ? "null" : code.length() > 20 ? code.substring(0, 20) + "..." : code;
        throw BacktestException.of(ErrorCode.INVALID_TIMEFRAME, "timeframe '" + shown + "' is not valid; accepted: " + codes())
                .with("timeframe", shown);
    }

    /** The accepted codes, as a list for messages: {@code 1m, 5m, ..., 1M}. */
    public static String codes() {
        return Arrays.stream(values()).map(Timeframe::code).collect(Collectors.joining(", "));
    }

    /** The start (epoch seconds, UTC) of the bucket holding {@code epochSecond}. */
    public long bucketStart(long epochSecond) {
        return switch (this) {
            case W1 -> Math.floorDiv(epochSecond - MONDAY_EPOCH_OFFSET, seconds) * seconds + MONDAY_EPOCH_OFFSET;
            case MN1 -> {
                LocalDate d = LocalDate.ofInstant(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC).withDayOfMonth(1);
                yield d.atStartOfDay().toEpochSecond(ZoneOffset.UTC);
            }
            default -> Math.floorDiv(epochSecond, seconds) * seconds;
        };
    }

    /**
     * How many buckets of this timeframe the half-open range {@code [start, end)} touches: the most
     * candles a query over the range can return, known before any data is read.
     */
    public long bucketsBetween(Instant start, Instant end) {
        if (!start.isBefore(end)) {
            return 0;
        }
        long first = bucketStart(start.getEpochSecond());
        long last = bucketStart(end.getEpochSecond() - 1);
        if (this == MN1) {
            LocalDate a = LocalDate.ofEpochDay(Math.floorDiv(first, 86_400L));
            LocalDate b = LocalDate.ofEpochDay(Math.floorDiv(last, 86_400L));
            return (b.getYear() - (long) a.getYear()) * 12 + b.getMonthValue() - a.getMonthValue() + 1;
        }
        return (last - first) / seconds + 1;
    }

    /**
     * The timeframe whose width is closest to the median spacing of bars at {@code time} (epoch seconds); {@link #MN1}
     * for a median of 28 days or more; {@link #D1} for fewer than two bars.
     *
     * <pre>{@code
     * Timeframe.closestTo(new long[] {0, 3600, 7200, 14_400});   // 1h
     * }</pre>
     */
    public static Timeframe closestTo(long[] time) {
        if (time.length < 2) {
            return D1;
        }
        long[] gaps = new long[time.length - 1];
        for (int i = 1; i < time.length; i++) {
            gaps[i - 1] = time[i] - time[i - 1];
        }
        Arrays.sort(gaps);
        long median = gaps[gaps.length / 2];
        if (median >= 28 * 86_400L) {
            return MN1;
        }
        Timeframe best = D1;
        long bestDiff = Long.MAX_VALUE;
        for (Timeframe t : values()) {
            if (t.seconds > 0 && Math.abs(t.seconds - median) < bestDiff) {
                best = t;
                bestDiff = Math.abs(t.seconds - median);
            }
        }
        return best;
    }

    @Override
    public String toString() {
        return code;
    }
}
