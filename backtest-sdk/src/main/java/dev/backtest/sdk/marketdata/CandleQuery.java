package dev.backtest.sdk.marketdata;

import dev.backtest.engine.Candle;
import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.Timeframe;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.error.FieldErrors;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A fluent, immutable candle query ending in a terminal verb: {@link #fetch()}, {@link #fetchAll()},
 * {@link #stream()}, {@link #count()}, {@link #first()}. Dates are whole UTC days with the end date
 * inclusive; instants are a half-open range {@code [start, end)}. The timeframe has no default: a query without one
 * is refused with the accepted values, rather than silently answering in some width. Default source resolution
 * {@code 1Y}.
 *
 * <pre>{@code
 * CandleSeries btc = client.candles().symbol("BTC")
 *         .between(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31))
 *         .timeframe(Timeframe.H1)
 *         .fetch();
 * }</pre>
 */
public final class CandleQuery {

    /** The first day a query may name: market data starts no earlier, and unix seconds count from here. */
    public static final LocalDate EARLIEST_DATE = LocalDate.of(1970, 1, 1);
    /** The last day a query may name. */
    public static final LocalDate LATEST_DATE = LocalDate.of(2100, 12, 31);
    private static final Instant EARLIEST = EARLIEST_DATE.atStartOfDay().toInstant(ZoneOffset.UTC);
    private static final Instant AFTER_LATEST = LATEST_DATE.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);

    private final MarketDataService service;
    private final List<String> symbols;
    private final Instant start;
    private final Instant end;
    private final Timeframe timeframe;
    private final SourceResolution resolution;

    /** A query answered by {@code service} (usually {@code client.candles()} or {@code client.marketData().query()}). */
    public CandleQuery(MarketDataService service) {
        this(service, List.of(), null, null, null, SourceResolution.YEARLY);
    }

    private CandleQuery(MarketDataService service, List<String> symbols, Instant start, Instant end, Timeframe timeframe,
                        SourceResolution resolution) {
        this.service = service;
        this.symbols = symbols;
        this.start = start;
        this.end = end;
        this.timeframe = timeframe;
        this.resolution = resolution;
    }

    /** One symbol (replaces any set before). */
    public CandleQuery symbol(String symbol) {
        return new CandleQuery(service, List.of(Symbols.require(symbol)), start, end, timeframe, resolution);
    }

    /** Several symbols, for {@link #fetchAll()}. */
    public CandleQuery symbols(String... symbols) {
        List<String> checked = new ArrayList<>();
        for (String s : symbols) {
            String v = Symbols.require(s);
            if (!checked.contains(v)) {
                checked.add(v);
            }
        }
        return new CandleQuery(service, List.copyOf(checked), start, end, timeframe, resolution);
    }

    /** Whole UTC days from {@code first} to {@code last}, both inclusive, within {@link #EARLIEST_DATE}..{@link #LATEST_DATE}. */
    public CandleQuery between(LocalDate first, LocalDate last) {
        CandleSelection.checkRange(first, last);
        return between(first.atStartOfDay().toInstant(ZoneOffset.UTC), last.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC));
    }

    /** Everything a {@link CandleSelection} names: its symbols, days, timeframe and source resolution. */
    public CandleQuery select(CandleSelection selection) {
        return symbols(selection.symbols().toArray(String[]::new)).between(selection.start(), selection.end())
                .timeframe(selection.timeframe()).sourceResolution(selection.resolution());
    }

    /** Minutes from {@code start} (inclusive) to {@code end} (exclusive), within {@link #EARLIEST_DATE}..{@link #LATEST_DATE}. */
    public CandleQuery between(Instant start, Instant end) {
        if (start == null || end == null) {
            throw BacktestException.of(ErrorCode.DATE_RANGE, "start and end are required");
        }
        if (start.isBefore(EARLIEST) || end.isAfter(AFTER_LATEST)) {
            throw outsideCalendar(start.toString(), end.toString());
        }
        if (!start.isBefore(end)) {
            throw BacktestException.of(ErrorCode.DATE_RANGE, "start " + start + " is not before end " + end)
                    .with("start", start.toString()).with("end", end.toString());
        }
        return new CandleQuery(service, symbols, start, end, timeframe, resolution);
    }

    /** The candle width (required before a terminal verb). */
    public CandleQuery timeframe(Timeframe timeframe) {
        java.util.Objects.requireNonNull(timeframe, "timeframe");
        return new CandleQuery(service, symbols, start, end, timeframe, resolution);
    }

    /** Parses {@code 1m 5m 15m 30m 1h 4h 1d 1w 1M}. */
    public CandleQuery timeframe(String timeframe) {
        return timeframe(Timeframe.parse(timeframe));
    }

    public CandleQuery sourceResolution(SourceResolution resolution) {
        return new CandleQuery(service, symbols, start, end, timeframe, resolution);
    }

    /** The candles of the one symbol. */
    public CandleSeries fetch() {
        if (symbols.size() != 1) {
            throw BacktestException.of(ErrorCode.VALIDATION_FAILED, "fetch() needs exactly one symbol, got " + symbols
                    + "; use fetchAll() for several").with("field", "symbol");
        }
        return service.fetch(request(symbols.get(0)));
    }

    /**
     * The candles of the one symbol if they can be answered from memory (a recent listing of the store and a
     * result-cache entry for the same objects), without any I/O; empty otherwise. A server uses it to serve cached
     * answers without the guards it puts around store access.
     *
     * <pre>{@code
     * CandleQuery q = client.candles().symbol("BTC").between(from, to).timeframe(Timeframe.H1);
     * CandleSeries s = q.fetchIfCached().orElseGet(q::fetch);
     * }</pre>
     */
    public Optional<CandleSeries> fetchIfCached() {
        if (symbols.size() != 1) {
            throw BacktestException.of(ErrorCode.VALIDATION_FAILED, "fetchIfCached() needs exactly one symbol, got " + symbols)
                    .with("field", "symbol");
        }
        return service.cached(request(symbols.get(0)));
    }

    /**
     * The version of the stored objects (keys and ETags) that {@code answer}, this query's result, was computed from;
     * it changes when a refresh or an import replaces one of them. Empty when {@code answer} is no longer this query's
     * cached result. No I/O: an HTTP server keeps it with the rendered answer and derives its {@code ETag} from it.
     *
     * <pre>{@code
     * CandleSeries s = q.fetch();
     * Optional<String> version = q.dataVersion(s); // e.g. "candles/BTC/1Y/2024.parquet=9f2c...;"
     * }</pre>
     */
    public Optional<String> dataVersion(CandleSeries answer) {
        if (symbols.size() != 1) {
            throw BacktestException.of(ErrorCode.VALIDATION_FAILED, "dataVersion() needs exactly one symbol, got " + symbols)
                    .with("field", "symbol");
        }
        return service.dataVersion(request(symbols.get(0)), answer);
    }

    /** The candles of every symbol, queried in parallel, in the order the symbols were given. */
    public Map<String, CandleSeries> fetchAll() {
        if (symbols.isEmpty()) {
            throw BacktestException.of(ErrorCode.VALIDATION_FAILED, "no symbol given").with("field", "symbols");
        }
        List<CompletableFuture<CandleSeries>> futures = symbols.stream()
                .map(s -> CompletableFuture.supplyAsync(() -> service.fetch(request(s)))).toList();
        Map<String, CandleSeries> out = new LinkedHashMap<>();
        for (int i = 0; i < symbols.size(); i++) {
            try {
                out.put(symbols.get(i), futures.get(i).join());
            } catch (java.util.concurrent.CompletionException e) {
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                throw e;
            }
        }
        return out;
    }

    /** The candles as objects, in time order. */
    public Stream<Candle> stream() {
        CandleSeries s = fetch();
        return IntStream.range(0, s.size()).mapToObj(s::get);
    }

    /** How many candles the query returns. */
    public int count() {
        return fetch().size();
    }

    /** The earliest candle, if any. */
    public Optional<Candle> first() {
        CandleSeries s = fetch();
        return s.isEmpty() ? Optional.empty() : Optional.of(s.get(0));
    }

    private static BacktestException outsideCalendar(String start, String end) {
        return BacktestException.of(ErrorCode.DATE_RANGE, "the range " + start + " to " + end + " is not valid; accepted: dates from "
                + EARLIEST_DATE + " to " + LATEST_DATE).with("start", start).with("end", end);
    }

    private CandleRequest request(String symbol) {
        if (start == null) {
            throw BacktestException.of(ErrorCode.DATE_RANGE, "no date range given; call between(start, end)");
        }
        if (timeframe == null) {
            throw FieldErrors.single("timeframe", "no timeframe given; call timeframe(...) with one of " + Timeframe.codes());
        }
        return new CandleRequest(symbol, start, end, timeframe, resolution);
    }
}
