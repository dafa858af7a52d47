package dev.backtest.sdk.marketdata;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.error.FieldErrors;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * Which coverage to compute: a symbol and whole UTC days from {@code start} to {@code end}, both included, at most
 * {@link Coverage#MAX_DAYS} days, within {@link CandleQuery#EARLIEST_DATE} and {@link CandleQuery#LATEST_DATE}: the
 * candle requests' rules ({@link CandleSelection}) plus the length limit. {@link #parse} validates text (an HTTP
 * query) and reports every bad field at once.
 *
 * <pre>{@code
 * CoverageRequest r = CoverageRequest.parse("BTC", "2024-01-01", "2024-03-31");
 * Coverage c = client.marketData().coverage(r.symbol(), r.start(), r.end());
 * }</pre>
 *
 * @param symbol a valid symbol
 * @param start  the first day
 * @param end    the last day, on or after {@code start}
 */
public record CoverageRequest(String symbol, LocalDate start, LocalDate end) {

    /**
     * Checks the request.
     *
     * @throws BacktestException {@link ErrorCode#INVALID_SYMBOL}; {@link ErrorCode#DATE_RANGE} for a missing, reversed or
     *         out-of-calendar range, or one longer than {@link Coverage#MAX_DAYS} days
     */
    public CoverageRequest {
        Symbols.require(symbol);
        CandleSelection.checkRange(start, end);
        long days = ChronoUnit.DAYS.between(start, end) + 1;
        if (days > Coverage.MAX_DAYS) {
            throw BacktestException.of(ErrorCode.DATE_RANGE, "the range " + start + " to " + end + " spans " + days
                            + " days; accepted: at most " + Coverage.MAX_DAYS + " days at once")
                    .with("start", start.toString()).with("end", end.toString()).with("max_days", Coverage.MAX_DAYS);
        }
    }

    /** Days from start to end, both included. */
    public int days() {
        return (int) ChronoUnit.DAYS.between(start, end) + 1;
    }

    /**
     * Validates a request as text, collecting every missing or garbled field before throwing.
     *
     * @throws BacktestException {@link ErrorCode#VALIDATION_FAILED} listing each missing or malformed field
     *         ({@code start_date}, {@code end_date}); otherwise {@link ErrorCode#INVALID_SYMBOL} or
     *         {@link ErrorCode#DATE_RANGE} as the constructor
     */
    public static CoverageRequest parse(String symbol, String startDate, String endDate) {
        FieldErrors errors = new FieldErrors();
        LocalDate start = CandleSelection.date(errors, "start_date", startDate);
        LocalDate end = CandleSelection.date(errors, "end_date", endDate);
        errors.throwIfAny();
        FieldErrors.about("symbol", () -> Symbols.require(symbol));
        return new CoverageRequest(symbol, start, end);
    }
}
