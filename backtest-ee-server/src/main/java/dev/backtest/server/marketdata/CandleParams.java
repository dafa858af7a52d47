package dev.backtest.server.marketdata;

import dev.backtest.engine.Timeframe;
import dev.backtest.error.BacktestException;
import dev.backtest.error.FieldErrors;
import dev.backtest.sdk.marketdata.CandleSelection;
import dev.backtest.sdk.marketdata.SourceResolution;

import java.time.LocalDate;
import java.util.List;

/**
 * A candle request after validation at the HTTP boundary: the SDK's {@link CandleSelection} (whose rules and
 * wording it keeps) plus what only HTTP has: the JSON layout, the timeframe used when none is named and the
 * batch size limit. Every bad field is reported in one {@code VALIDATION_FAILED} problem.
 */
public record CandleParams(CandleSelection selection, CandleFormat format) {

    /** Most symbols in one batch request. */
    public static final int MAX_BATCH_SYMBOLS = 20;
    /** Used when the request names no timeframe. */
    public static final Timeframe DEFAULT_TIMEFRAME = Timeframe.H1;

    public List<String> symbols() {
        return selection.symbols();
    }

    /** The one symbol of a single-symbol request. */
    public String symbol() {
        return selection.symbol();
    }

    public LocalDate start() {
        return selection.start();
    }

    public LocalDate end() {
        return selection.end();
    }

    public Timeframe timeframe() {
        return selection.timeframe();
    }

    public SourceResolution resolution() {
        return selection.resolution();
    }

    /** Validates a single-symbol request. */
    public static CandleParams single(String symbol, String startDate, String endDate, String timeframe, String sourceResolution,
                                      String format) {
        List<String> symbols = symbol == null ? List.of() : List.of(symbol);
        return validate(new FieldErrors(), "symbol", symbols, startDate, endDate, timeframe, sourceResolution, format);
    }

    /**
     * Validates a batch request: 1 to {@link #MAX_BATCH_SYMBOLS} symbols as sent (the limit counts repeats too: it
     * bounds the request, not what is left of it), answered once per distinct symbol.
     */
    public static CandleParams batch(List<String> symbols, String startDate, String endDate, String timeframe,
                                     String sourceResolution, String format) {
        FieldErrors errors = new FieldErrors();
        List<String> sent = symbols == null ? List.of() : symbols;
        if (sent.size() > MAX_BATCH_SYMBOLS) {
            errors.add("symbols", sent.size() + " symbols given; accepted: at most " + MAX_BATCH_SYMBOLS + " per request");
            sent = sent.subList(0, MAX_BATCH_SYMBOLS);
        }
        return validate(errors, "symbols", sent, startDate, endDate, timeframe, sourceResolution, format);
    }

    private static CandleParams validate(FieldErrors errors, String symbolField, List<String> symbols, String startDate,
                                         String endDate, String timeframe, String sourceResolution, String format) {
        CandleFormat layout = format == null || format.isBlank() ? CandleFormat.COLUMNS : CandleFormat.parseOrNull(format);
        if (layout == null) {
            errors.add("format", "'" + (format.length() > 40 ? format.substring(0, 40) + "..." : format)
                    + "' is not a format; accepted: " + CandleFormat.accepted());
        }
        String tf = timeframe == null || timeframe.isBlank() ? DEFAULT_TIMEFRAME.code() : timeframe;
        CandleSelection selection;
        try {
            selection = errors.collect(() -> CandleSelection.parse(
                    new CandleSelection.Text(symbolField, symbols, startDate, endDate, tf, sourceResolution)));
        } catch (BacktestException e) {
            // a field the HTTP layer refused comes first; the SDK's other codes only when the fields were well-formed
            if (errors.isEmpty()) {
                throw e;
            }
            selection = null;
        }
        errors.throwIfAny();
        return new CandleParams(selection, layout);
    }
}
