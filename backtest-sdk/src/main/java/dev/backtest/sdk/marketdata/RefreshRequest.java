package dev.backtest.sdk.marketdata;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.error.FieldErrors;
import dev.backtest.sdk.config.WatchedSymbol;
import dev.backtest.sdk.source.BarResolution;
import dev.backtest.sdk.source.BarSource;

import java.time.Period;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What {@link MarketDataService#refresh(RefreshRequest)} brings up to date: the symbols (each with the source that
 * delivers it and the provider's own symbol), the enabled sources by name, who asked (null: the scheduler), and how
 * far back a symbol that has nothing stored yet starts ({@link #DEFAULT_MINUTE_HISTORY} for 1-minute sources,
 * {@link #DEFAULT_DAILY_HISTORY} for daily-only ones; a source may have less).
 *
 * <pre>{@code
 * RefreshRequest r = RefreshRequest.of(List.of(new WatchedSymbol("SPY", "yahoo", "SPY")), Map.of("yahoo", yahoo))
 *         .requestedBy(adminId)
 *         .history(Period.ofMonths(6), Period.ofYears(5));
 * RefreshReport report = client.marketData().refresh(r);
 * }</pre>
 *
 * @param symbols       distinct store symbols, in the order they are refreshed
 * @param sources       the enabled sources by {@link BarSource#name()}
 * @param userId        the user who asked, or null for the scheduled refresh
 * @param minuteHistory how far back a 1-minute symbol never stored starts
 * @param dailyHistory  how far back a daily symbol never stored starts
 */
public record RefreshRequest(List<WatchedSymbol> symbols, Map<String, BarSource> sources, UUID userId, Period minuteHistory,
                             Period dailyHistory) {

    /** Where a 1-minute symbol with nothing stored starts: two years back. */
    public static final Period DEFAULT_MINUTE_HISTORY = Period.ofYears(2);
    /** Where a daily symbol with nothing stored starts: twenty years back. */
    public static final Period DEFAULT_DAILY_HISTORY = Period.ofYears(20);

    public RefreshRequest {
        Objects.requireNonNull(symbols, "symbols");
        Objects.requireNonNull(sources, "sources");
        Set<String> seen = new HashSet<>();
        for (WatchedSymbol w : symbols) {
            if (w == null) {
                throw BacktestException.of(ErrorCode.VALIDATION_FAILED, "symbols contains null").with("field", "symbols");
            }
            Symbols.require(w.symbol());
            if (!seen.add(w.symbol())) {
                throw BacktestException.of(ErrorCode.VALIDATION_FAILED, "symbol " + w.symbol() + " is listed twice; accepted: distinct symbols")
                        .with("field", "symbols");
            }
        }
        symbols = List.copyOf(symbols);
        sources = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sources));
        minuteHistory = positive("minute_history", minuteHistory == null ? DEFAULT_MINUTE_HISTORY : minuteHistory);
        dailyHistory = positive("daily_history", dailyHistory == null ? DEFAULT_DAILY_HISTORY : dailyHistory);
    }

    /** The symbols from their sources, as the scheduler asks (no user), with the default history starts. */
    public static RefreshRequest of(List<WatchedSymbol> symbols, Map<String, BarSource> sources) {
        return new RefreshRequest(symbols, sources, null, null, null);
    }

    /** The same request made by {@code userId} (recorded on its task). */
    public RefreshRequest requestedBy(UUID userId) {
        return new RefreshRequest(symbols, sources, userId, minuteHistory, dailyHistory);
    }

    /** The same request with other history starts for symbols never stored. */
    public RefreshRequest history(Period minute, Period daily) {
        return new RefreshRequest(symbols, sources, userId, minute, daily);
    }

    private static Period positive(String field, Period p) {
        if (p.isNegative() || p.isZero()) {
            throw BacktestException.of(ErrorCode.VALIDATION_FAILED, field + " " + p + " is not valid; accepted: a positive period such as P2Y")
                    .with("field", field);
        }
        return p;
    }

    /**
     * A watched symbol from a request's fields, checked against the enabled sources: the symbol as the store spells it,
     * a source in {@code sources}, an optional provider symbol (default: the symbol; at most {@value WatchedSymbol#MAX_PROVIDER_SYMBOL}
     * printable characters), an optional resolution {@code 1m} or {@code 1d} that the source delivers. Every mistake is
     * added to {@code errors} under {@code field + ".symbol"} and so on; null is returned then.
     *
     * <pre>{@code
     * FieldErrors errors = new FieldErrors();
     * WatchedSymbol w = RefreshRequest.parseSymbol("symbols[0]", "SPY", "yahoo", null, "1d", client.sources(), errors);
     * errors.throwIfAny();
     * }</pre>
     */
    public static WatchedSymbol parseSymbol(String field, String symbol, String source, String providerSymbol, String resolution,
                                      Map<String, BarSource> sources, FieldErrors errors) {
        int before = errors.list().size();
        if (symbol == null || !Symbols.valid(symbol)) {
            errors.add(field + ".symbol", "'" + symbol + "' is not a symbol; accepted: 1-20 characters of A-Z, 0-9, '.', '_' and '-'");
        }
        String name = source == null ? null : source.strip().toLowerCase(Locale.ROOT);
        BarSource s = name == null ? null : sources.get(name);
        if (s == null) {
            errors.add(field + ".source", (source == null ? "required" : "'" + source + "' is not an enabled source") + "; enabled: "
                    + (sources.isEmpty() ? "none (DATA_SOURCES)" : String.join(", ", sources.keySet())));
        }
        String provider = providerSymbol == null || providerSymbol.isBlank() ? symbol : providerSymbol.strip();
        if (provider != null && (provider.length() > WatchedSymbol.MAX_PROVIDER_SYMBOL || !provider.chars().allMatch(c -> c > 32 && c < 127))) {
            errors.add(field + ".provider_symbol", "at most " + WatchedSymbol.MAX_PROVIDER_SYMBOL + " printable characters without spaces");
        }
        BarResolution r = null;
        if (resolution != null && !resolution.isBlank()) {
            r = switch (resolution.strip()) {
                case "1m" -> BarResolution.MINUTE;
                case "1d" -> BarResolution.DAILY;
                default -> null;
            };
            if (r == null) {
                errors.add(field + ".resolution", "'" + resolution + "' is not a resolution; accepted: 1m, 1d");
            } else if (s != null && !s.resolutions().contains(r)) {
                errors.add(field + ".resolution", "source " + name + " does not deliver " + resolution.strip() + " bars; it delivers "
                        + s.resolutions().stream().map(x -> x == BarResolution.MINUTE ? "1m" : "1d").sorted().collect(Collectors.joining(", ")));
            }
        }
        return errors.list().size() > before ? null : new WatchedSymbol(symbol, name, provider, r);
    }
}
