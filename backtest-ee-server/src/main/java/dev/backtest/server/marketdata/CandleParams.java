package dev.backtest.server.marketdata;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.marketdata.CandleQuery;
import dev.backtest.sdk.marketdata.SourceResolution;
import dev.backtest.sdk.marketdata.Symbols;
import dev.backtest.engine.Timeframe;
import dev.backtest.server.problem.FieldErrors;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * A candle request after validation at the HTTP boundary: symbols, whole UTC days from
 * {@code start} to {@code end} (inclusive), timeframe, source layout and JSON layout.
 * Missing or garbled fields are reported together as {@code VALIDATION_FAILED}; a timeframe or a
 * symbol that is well-formed text but not accepted keeps its own code ({@code INVALID_TIMEFRAME},
 * {@code INVALID_SYMBOL}); a reversed range is {@code DATE_RANGE}, raised by the SDK query. Dates lie within
 * {@link CandleQuery#EARLIEST_DATE} and {@link CandleQuery#LATEST_DATE}.
 */
public record CandleParams(List<String> symbols, LocalDate start, LocalDate end, Timeframe timeframe, SourceResolution resolution,
                           CandleFormat format) {

    /** Most symbols in one batch request. */
    public static final int MAX_BATCH_SYMBOLS = 20;
    /** Used when the request names no timeframe. */
    public static final Timeframe DEFAULT_TIMEFRAME = Timeframe.H1;

    /** The one symbol of a single-symbol request. */
    public String symbol() {
        return symbols.get(0);
    }

    /** Validates a single-symbol request. */
    public static CandleParams single(String symbol, String startDate, String endDate, String timeframe, String sourceResolution,
                                      String format) {
        FieldErrors errors = new FieldErrors();
        if (blank(symbol)) {
            errors.add("symbol", "is required; for example BTC");
        }
        return validate(errors, blank(symbol) ? List.of() : List.of(symbol), "symbol", startDate, endDate, timeframe,
                sourceResolution, format);
    }

    /** Validates a batch request: 1 to {@link #MAX_BATCH_SYMBOLS} distinct symbols. */
    public static CandleParams batch(List<String> symbols, String startDate, String endDate, String timeframe,
                                     String sourceResolution, String format) {
        FieldErrors errors = new FieldErrors();
        List<String> distinct = symbols == null ? List.of() : symbols.stream().distinct().toList();
        if (distinct.isEmpty()) {
            errors.add("symbols", "is required: a list of 1 to " + MAX_BATCH_SYMBOLS + " symbols");
        } else if (distinct.size() > MAX_BATCH_SYMBOLS) {
            errors.add("symbols", distinct.size() + " symbols given; accepted: at most " + MAX_BATCH_SYMBOLS + " per request");
        } else if (distinct.contains(null)) {
            errors.add("symbols", "contains null");
        }
        return validate(errors, distinct, "symbols", startDate, endDate, timeframe, sourceResolution, format);
    }

    private static CandleParams validate(FieldErrors errors, List<String> symbols, String symbolField, String startDate,
                                         String endDate, String timeframe, String sourceResolution, String format) {
        LocalDate start = date(errors, "start_date", startDate);
        LocalDate end = date(errors, "end_date", endDate);
        SourceResolution resolution = blank(sourceResolution) ? SourceResolution.YEARLY
                : errors.check("source_resolution", () -> SourceResolution.parse(sourceResolution));
        CandleFormat layout = blank(format) ? CandleFormat.COLUMNS : CandleFormat.parseOrNull(format);
        if (layout == null) {
            errors.add("format", "'" + shorten(format) + "' is not a format; accepted: " + CandleFormat.accepted());
        }
        errors.throwIfAny();
        if (start.isAfter(end)) {
            throw BacktestException.of(ErrorCode.DATE_RANGE, "start_date " + start + " is after end_date " + end
                    + "; accepted: start_date on or before end_date (both inclusive)")
                    .with("errors", List.of(Map.of("field", "end_date", "message", "is before start_date " + start)));
        }
        Timeframe tf = blank(timeframe) ? DEFAULT_TIMEFRAME : FieldErrors.about("timeframe", () -> Timeframe.parse(timeframe));
        for (String s : symbols) {
            FieldErrors.about(symbolField, () -> Symbols.require(s));
        }
        return new CandleParams(List.copyOf(symbols), start, end, tf, resolution, layout);
    }

    private static LocalDate date(FieldErrors errors, String field, String value) {
        if (blank(value)) {
            errors.add(field, "is required: an ISO date such as 2024-01-31");
            return null;
        }
        try {
            LocalDate d = LocalDate.parse(value);
            if (d.isBefore(CandleQuery.EARLIEST_DATE) || d.isAfter(CandleQuery.LATEST_DATE)) {
                errors.add(field, "'" + d + "' is outside the dates served; accepted: " + CandleQuery.EARLIEST_DATE + " to "
                        + CandleQuery.LATEST_DATE);
                return null;
            }
            return d;
        } catch (DateTimeParseException e) {
            errors.add(field, "'" + shorten(value) + "' is not a date; accepted: an ISO date such as 2024-01-31");
            return null;
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
