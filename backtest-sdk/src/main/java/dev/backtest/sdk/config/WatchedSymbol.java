package dev.backtest.sdk.config;

import dev.backtest.sdk.source.BarResolution;

/**
 * One symbol of the refresh watchlist ({@code REFRESH_SYMBOLS}): the store's symbol, the provider that delivers it,
 * the provider's own symbol when it differs ({@code BTC} from Binance's {@code BTCUSDT}), and the resolution to store
 * (null: the finest the source delivers, which is 1-minute bars for every built-in provider).
 *
 * <pre>{@code
 * WatchedSymbol btc = new WatchedSymbol("BTC", "binance", "BTCUSDT");                         // BTC:binance:BTCUSDT
 * WatchedSymbol spy = new WatchedSymbol("SPY", "yahoo", "SPY", BarResolution.DAILY);          // SPY:yahoo@1d
 * }</pre>
 */
public record WatchedSymbol(String symbol, String source, String providerSymbol, BarResolution resolution) {

    /** The longest provider symbol accepted. */
    public static final int MAX_PROVIDER_SYMBOL = 40;

    /** At the finest resolution the source delivers. */
    public WatchedSymbol(String symbol, String source, String providerSymbol) {
        this(symbol, source, providerSymbol, null);
    }
}
