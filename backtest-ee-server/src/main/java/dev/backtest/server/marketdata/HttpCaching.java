package dev.backtest.server.marketdata;

import java.time.LocalDate;

/**
 * How long a client may keep a candle answer ({@code Cache-Control}). Candles are token-protected, so never in a
 * shared cache: always {@code private}. A range whose last day ends before yesterday (UTC) is history: a refresh
 * re-reads at most the last day before the newest stored bar ({@code DAILY_OVERLAP}; 60 minutes for minute bars), so
 * only an explicit import can still change it, and the client may reuse the answer for {@link #HISTORICAL_MAX_AGE}
 * seconds, then revalidates with its ETag (a {@code 304} costs no body). A range touching yesterday or today must be
 * revalidated every time ({@code no-cache}).
 *
 * <pre>{@code
 * HttpCaching.cacheControl(LocalDate.parse("2024-03-10"), LocalDate.now(ZoneOffset.UTC)); // "private, max-age=3600"
 * }</pre>
 */
public final class HttpCaching {

    /** Seconds a historical answer may be reused without asking: an hour bounds how long an import goes unseen. */
    public static final int HISTORICAL_MAX_AGE = 3600;
    /** Days before today (UTC) that a refresh may still rewrite: yesterday, the refresh overlap. */
    public static final int REFRESH_OVERLAP_DAYS = 1;

    /** The request headers a candle answer varies by: its format (JSON or CSV) and its encoding. */
    public static final String VARY = "Accept, Accept-Encoding";

    static final String HISTORICAL = "private, max-age=" + HISTORICAL_MAX_AGE;
    static final String RECENT = "private, no-cache";

    private HttpCaching() {
    }

    /** The {@code Cache-Control} of an answer whose inclusive last day is {@code end}, {@code today} being UTC's. */
    public static String cacheControl(LocalDate end, LocalDate today) {
        return end.isBefore(today.minusDays(REFRESH_OVERLAP_DAYS)) ? HISTORICAL : RECENT;
    }
}
