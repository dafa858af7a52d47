package dev.backtest.sdk.trade;

import java.util.Locale;

/** Buy or sell. */
public enum TradeSide {
    BUY, SELL;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TradeSide fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
