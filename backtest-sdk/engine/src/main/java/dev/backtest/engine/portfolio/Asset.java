package dev.backtest.engine.portfolio;

import dev.backtest.engine.CandleSeries;

/**
 * One asset of a portfolio: its symbol, its bars (read in place, checked as a single-asset run checks them), its
 * currency (null: the portfolio's base currency) and, optionally, its market caps.
 *
 * <pre>{@code
 * Asset spy = Asset.of("SPY", spyBars);
 * Asset sap = Asset.of("SAP", sapBars).inCurrency("EUR").withMarketCaps(MarketCaps.of(capTimes, caps));
 * }</pre>
 */
public record Asset(String symbol, CandleSeries bars, String currency, MarketCaps marketCaps) {

    /** An asset in the base currency without market caps. */
    public static Asset of(String symbol, CandleSeries bars) {
        return new Asset(symbol, bars, null, null);
    }

    /** The same asset priced in {@code currency}: converted to the base currency with the portfolio's FX series for it. */
    public Asset inCurrency(String currency) {
        return new Asset(symbol, bars, currency, marketCaps);
    }

    public Asset withMarketCaps(MarketCaps caps) {
        return new Asset(symbol, bars, currency, caps);
    }
}
