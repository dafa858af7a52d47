package dev.backtest.sdk.marketdata;

import dev.backtest.engine.Timeframe;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.error.FieldError;
import dev.backtest.error.FieldErrors;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Which candles a request asks for: symbols, whole UTC days from {@code start} to {@code end} (both inclusive), a
 * timeframe and the layout of the source files. It holds the one copy of the candle request rules, for the fluent
 * {@link CandleQuery} and for requests that arrive as text (a form, an HTTP query), where {@link #parse} reports every
 * bad field at once as {@link ErrorCode#VALIDATION_FAILED}; a well-formed timeframe or symbol that is not accepted
 * keeps its own code ({@code INVALID_TIMEFRAME}, {@code INVALID_SYMBOL}) and a reversed range is {@code DATE_RANGE}.
 * Dates lie within {@link CandleQuery#EARLIEST_DATE} and {@link CandleQuery#LATEST_DATE}.
 *
 * <pre>{@code
 * CandleSelection s = CandleSelection.parse(new CandleSelection.Text("symbol", List.of("BTC"),
 *         "2024-01-01", "2024-01-31", "1h", null));
 * CandleSeries candles = client.candles().select(s).fetch();
 * }</pre>
 *
 * @param symbols    one or more distinct, valid symbols
 * @param start      the first day
 * @param end        the last day, on or after {@code start}
 * @param timeframe  the candle width
 * @param resolution the layout of the source files
 */
public record CandleSelection(List<String> symbols, LocalDate start, LocalDate end, Timeframe timeframe,
                              SourceResolution resolution) {

    /**
     * A request as text, before validation; any field may be null or blank. A blank source resolution means
     * {@code 1Y}; a blank timeframe is an error (callers with a default pass it in).
     *
     * @param symbolField the field name errors about the symbols are reported under ({@code symbol} or {@code symbols})
     */
    public record Text(String symbolField, List<String> symbols, String startDate, String endDate, String timeframe,
                       String sourceResolution) {
    }

    public CandleSelection {
        if (symbols == null || symbols.isEmpty()) {
            throw FieldErrors.single("symbols", "is required: one or more symbols");
        }
        symbols = symbols.stream().map(Symbols::require).distinct().toList();
        checkRange(start, end);
        if (timeframe == null) {
            throw FieldErrors.single("timeframe", "is required; accepted: " + Timeframe.codes());
        }
        resolution = resolution == null ? SourceResolution.YEARLY : resolution;
    }

    /** The one symbol of a single-symbol selection. */
    public String symbol() {
        return symbols.get(0);
    }

    /**
     * Validates a text request, collecting every missing or garbled field before throwing.
     *
     * @throws BacktestException {@code VALIDATION_FAILED} listing each bad field under {@code errors};
     *                           {@code DATE_RANGE}, {@code INVALID_TIMEFRAME} or {@code INVALID_SYMBOL} otherwise
     */
    public static CandleSelection parse(Text text) {
        FieldErrors errors = new FieldErrors();
        List<String> symbols = new ArrayList<>();
        if (text.symbols() == null || text.symbols().isEmpty() || text.symbols().stream().allMatch(s -> s == null || s.isBlank())) {
            errors.add(text.symbolField(), "is required; for example BTC");
        } else if (text.symbols().stream().anyMatch(Objects::isNull)) {
            errors.add(text.symbolField(), "contains null");
        } else {
            text.symbols().stream().distinct().forEach(symbols::add);
        }
        LocalDate start = date(errors, "start_date", text.startDate());
        LocalDate end = date(errors, "end_date", text.endDate());
        if (blank(text.timeframe())) {
            errors.add("timeframe", "is required; accepted: " + Timeframe.codes());
        }
        SourceResolution resolution = blank(text.sourceResolution()) ? SourceResolution.YEARLY
                : errors.check("source_resolution", () -> SourceResolution.parse(text.sourceResolution()));
        errors.throwIfAny();
        checkRange(start, end);
        Timeframe timeframe = FieldErrors.about("timeframe", () -> Timeframe.parse(text.timeframe()));
        for (String s : symbols) {
            FieldErrors.about(text.symbolField(), () -> Symbols.require(s));
        }
        return new CandleSelection(symbols, start, end, timeframe, resolution);
    }

    /** Refuses a missing, reversed or out-of-calendar day range with {@code DATE_RANGE}. */
    static void checkRange(LocalDate start, LocalDate end) {
        if (start == null || end == null) {
            throw BacktestException.of(ErrorCode.DATE_RANGE, "start_date and end_date are required");
        }
        if (start.isBefore(CandleQuery.EARLIEST_DATE) || end.isAfter(CandleQuery.LATEST_DATE)) {
            throw BacktestException.of(ErrorCode.DATE_RANGE, "the range " + start + " to " + end + " is not valid; accepted: dates from "
                    + CandleQuery.EARLIEST_DATE + " to " + CandleQuery.LATEST_DATE).with("start", start.toString()).with("end", end.toString());
        }
        if (start.isAfter(end)) {
            throw BacktestException.of(ErrorCode.DATE_RANGE, "start_date " + start + " is after end_date " + end
                            + "; accepted: start_date on or before end_date (both inclusive)")
                    .with("start", start.toString()).with("end", end.toString())
                    .with("errors", List.of(new FieldError("end_date", "is before start_date " + start)));
        }
    }

    /** An ISO day within the dates served, or null with the error added under {@code field}. */
    static LocalDate date(FieldErrors errors, String field, String value) {
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
