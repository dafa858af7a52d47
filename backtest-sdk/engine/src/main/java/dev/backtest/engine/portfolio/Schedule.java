package dev.backtest.engine.portfolio;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;

import java.time.LocalDate;

/**
 * When a portfolio rebalances, besides its first decision (the initial allocation, always taken) and the
 * decisions a drift threshold or a monthly contribution adds.
 *
 * <ul>
 *   <li>{@link Period#DAILY}: at every timeline time.</li>
 *   <li>{@link Period#WEEKLY}, {@link Period#MONTHLY}, {@link Period#QUARTERLY}, {@link Period#YEARLY}: at the last
 *       timeline time of each ISO week (Monday to Sunday) / calendar month / quarter / year, in UTC, so that the
 *       orders fill on the first bars of the next period.</li>
 *   <li>{@link EveryN}: at timeline indices {@code f, f+n, f+2n, …} counted from the first decision {@code f}.</li>
 * </ul>
 * No decision is ever taken at the last timeline time: nothing could fill.
 *
 * <pre>{@code
 * Schedule s = Schedule.monthly();
 * Schedule t = Schedule.parse("every_n(5)");   // as toString() writes it
 * }</pre>
 */
public sealed interface Schedule permits Schedule.Period, Schedule.EveryN {

    /** The calendar schedules, and daily. */
    enum Period implements Schedule {
        DAILY, WEEKLY, MONTHLY, QUARTERLY, YEARLY;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Every {@code n}-th timeline time from the first decision; {@code n >= 1}. */
    record EveryN(int n) implements Schedule {
        @Override
        public String toString() {
            return "every_n(" + n + ")";
        }
    }

    static Schedule daily() {
        return Period.DAILY;
    }

    static Schedule weekly() {
        return Period.WEEKLY;
    }

    static Schedule monthly() {
        return Period.MONTHLY;
    }

    static Schedule quarterly() {
        return Period.QUARTERLY;
    }

    static Schedule yearly() {
        return Period.YEARLY;
    }

    static Schedule everyN(int n) {
        return new EveryN(n);
    }

    /**
     * A schedule from its text: {@code daily}, {@code weekly}, {@code monthly}, {@code quarterly}, {@code yearly}
     * or {@code every_n(N)} (what {@link #toString()} writes).
     *
     * @throws BacktestException {@link ErrorCode#INVALID_STRATEGY_PARAMETER} for any other text (so that a sweep
     *         skips the value like a parameter a strategy refuses); the range of {@code N} is checked where the
     *         schedule is used
     */
    static Schedule parse(String text) {
        String t = text == null ? "" : text.strip();
        for (Period p : Period.values()) {
            if (p.toString().equals(t)) {
                return p;
            }
        }
        if (t.startsWith("every_n(") && t.endsWith(")")) {
            try {
                return new EveryN(Integer.parseInt(t.substring(8, t.length() - 1).strip()));
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        String shown = t.length() > 40 ? t.substring(0, 40) + "..." : t;
        throw BacktestException.of(ErrorCode.INVALID_STRATEGY_PARAMETER, "schedule '" + shown
                + "' is not valid; accepted: daily, weekly, monthly, quarterly, yearly, every_n(N) with N >= 1")
                .with("parameter", "schedule");
    }

    /**
     * The key of the calendar period holding {@code t} (epoch seconds): equal keys, same period. {@code day} is
     * {@code floorDiv(t, 86400)}, passed in because callers have it.
     */
    static long periodKey(Period period, long day) {
        return switch (period) {
            case DAILY -> day;
            case WEEKLY -> Math.floorDiv(day - 4, 7); // 1970-01-05, day 4, was a Monday
            case MONTHLY -> {
                LocalDate d = LocalDate.ofEpochDay(day);
                yield d.getYear() * 12L + d.getMonthValue() - 1;
            }
            case QUARTERLY -> {
                LocalDate d = LocalDate.ofEpochDay(day);
                yield d.getYear() * 4L + (d.getMonthValue() - 1) / 3;
            }
            case YEARLY -> LocalDate.ofEpochDay(day).getYear();
        };
    }
}
