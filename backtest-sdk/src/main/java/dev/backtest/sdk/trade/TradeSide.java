package dev.backtest.sdk.trade;

import java.util.Locale;

/**
 * Buy or sell. Users pass and see the lower-case {@link #wire()} name ({@code "buy"}, {@code "sell"})
 * in {@link TradeInput} and {@link TradeView}.
 *
 * <pre>{@code
 * TradeSide side = TradeSide.fromWire("buy");   // BUY
 * String wire = TradeSide.SELL.wire();          // "sell"
 * }</pre>
 */
public enum TradeSide {
    BUY, SELL;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TradeSide fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
