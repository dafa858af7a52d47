package dev.backtest.sdk.marketdata;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Which days of a range a symbol has data for, per stored layout, and where the holes are, so that a user sees them
 * before backtesting over them. Days are UTC days. A day counts as covered when it has at least one bar; for 1-minute
 * layouts each covered day with fewer than 1,440 minutes is listed with its missing minutes as {@code [from, to)}
 * spans. No exchange calendar is applied: a weekend or a holiday without bars (a stock's), and the hours outside a
 * session, are reported as gaps like any other; whether a gap matters is the reader's call. Lists are capped (see the
 * constants) so the answer stays small; the counts are always exact. In JSON (the SDK's {@code BacktestJson}):
 * {@code symbol}, {@code start_date}, {@code end_date}, {@code days}, {@code resolutions}.
 *
 * <pre>{@code
 * Coverage c = client.marketData().coverage("BTC", LocalDate.of(2024, 1, 1), LocalDate.of(2024, 3, 31));
 * for (Coverage.Layout l : c.resolutions()) {
 *     System.out.println(l.sourceResolution() + ": " + l.daysWithData() + "/" + c.days() + " days, "
 *             + l.missingMinutes() + " minutes missing");                       // 1Y: 90/91 days, 75 minutes missing
 *     l.missingDays().forEach(s -> System.out.println("  no data " + s.first() + " to " + s.last()));
 *     l.partialDays().forEach(d -> System.out.println("  " + d.date() + ": " + d.missingMinutes() + " minutes missing, first "
 *             + d.missing().get(0).from() + " to " + d.missing().get(0).to()));
 * }
 * }</pre>
 *
 * @param symbol      the symbol
 * @param startDate   the first day asked about
 * @param endDate     the last day asked about (inclusive)
 * @param days        days from {@code startDate} to {@code endDate}, both included
 * @param resolutions one entry per layout that holds any data of the symbol, in the order of {@link SourceResolution}
 */
public record Coverage(String symbol, LocalDate startDate, LocalDate endDate, int days, List<Layout> resolutions) {

    /** The longest range asked about at once, in days (ten years). */
    public static final int MAX_DAYS = 3660;
    /** At most this many spans in {@link Layout#covered()} and in {@link Layout#missingDays()}. */
    public static final int MAX_DAY_SPANS = 366;
    /** At most this many days in {@link Layout#partialDays()} (the first ones, in time order). */
    public static final int MAX_PARTIAL_DAYS = 366;
    /** At most this many spans in {@link PartialDay#missing()} (the first ones of the day). */
    public static final int MAX_SPANS_PER_DAY = 5;

    public Coverage {
        resolutions = List.copyOf(resolutions);
    }

    /**
     * The coverage in one layout.
     *
     * @param sourceResolution     the layout's code: {@code 1Y}, {@code 1m} or {@code 1D}
     * @param bar                  the width of its bars: {@code 1m} or {@code 1d}
     * @param daysWithData         days with at least one bar
     * @param firstBar             the first bar in the range, null when none
     * @param lastBar              the last bar in the range, null when none
     * @param covered              runs of consecutive days with data, in time order
     * @param missingDays          runs of consecutive days without any bar, in time order
     * @param daySpansTruncated    whether {@code covered} or {@code missingDays} was cut at {@link #MAX_DAY_SPANS}
     * @param missingMinutes       1-minute layouts: minutes without a bar on the days with data (1,440 a day less the
     *                             bars); null for daily bars
     * @param partialDayCount      1-minute layouts: days with data but not every minute; null for daily bars
     * @param partialDays          1-minute layouts: those days, the first {@link #MAX_PARTIAL_DAYS}; empty for daily bars
     * @param partialDaysTruncated whether {@code partialDays} was cut
     */
    public record Layout(String sourceResolution, String bar, int daysWithData, Instant firstBar, Instant lastBar,
                         List<DaySpan> covered, List<DaySpan> missingDays, boolean daySpansTruncated, Long missingMinutes,
                         Integer partialDayCount, List<PartialDay> partialDays, boolean partialDaysTruncated) {

        public Layout {
            covered = List.copyOf(covered);
            missingDays = List.copyOf(missingDays);
            partialDays = List.copyOf(partialDays);
        }
    }

    /**
     * Consecutive days, both ends included.
     *
     * @param first the first day
     * @param last  the last day
     * @param days  how many
     */
    public record DaySpan(LocalDate first, LocalDate last, int days) {
    }

    /**
     * A day with 1-minute bars but not all 1,440 of them.
     *
     * @param date           the UTC day
     * @param bars           minutes with a bar
     * @param missingMinutes minutes without one
     * @param missingSpans   how many runs of missing minutes the day has
     * @param missing        the first {@link #MAX_SPANS_PER_DAY} of them, {@code [from, to)}
     */
    public record PartialDay(LocalDate date, int bars, int missingMinutes, int missingSpans, List<MinuteSpan> missing) {

        public PartialDay {
            missing = List.copyOf(missing);
        }
    }

    /**
     * Missing minutes {@code [from, to)}: {@code from} is the first minute without a bar, {@code to} the next minute
     * with one (or the end of the day).
     */
    public record MinuteSpan(Instant from, Instant to) {

        /** How many minutes. */
        public long minutes() {
            return (to.getEpochSecond() - from.getEpochSecond()) / 60;
        }
    }
}
