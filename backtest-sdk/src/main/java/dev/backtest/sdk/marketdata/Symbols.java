package dev.backtest.sdk.marketdata;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;

import java.util.regex.Pattern;

/**
 * The one check every symbol passes before it reaches a path, a key or SQL. Public so that the server
 * and the services of other packages reject a bad symbol with the same error as the candle queries.
 *
 * <pre>{@code
 * String symbol = Symbols.require("BTC");   // "BTC"
 * Symbols.require("btc/../x");              // throws BacktestException with code INVALID_SYMBOL
 * }</pre>
 */
public final class Symbols {

    /** What a symbol may look like. */
    public static final Pattern PATTERN = Pattern.compile("^[A-Z0-9._-]{1,20}$");

    private Symbols() {
    }

    /** Whether the symbol matches {@link #PATTERN} and is not a path segment of its own ({@code .} or {@code ..}). */
    public static boolean valid(String symbol) {
        return symbol != null && PATTERN.matcher(symbol).matches() && !symbol.equals(".") && !symbol.equals("..");
    }

    /**
     * Returns the symbol when it is {@link #valid}.
     *
     * @throws BacktestException {@link ErrorCode#INVALID_SYMBOL} otherwise
     */
    public static String require(String symbol) {
        if (!valid(symbol)) {
            String shown = symbol == null ? "null" : symbol.length() > 40 ? symbol.substring(0, 40) + "..." : symbol;
            throw BacktestException.of(ErrorCode.INVALID_SYMBOL,
                    "symbol '" + shown + "' is not valid; accepted: 1-20 characters of A-Z 0-9 . _ - (for example BTC or EURUSD)")
                    .with("symbol", shown);
        }
        return symbol;
    }
}
