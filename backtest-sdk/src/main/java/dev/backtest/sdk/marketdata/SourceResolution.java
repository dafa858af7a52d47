package dev.backtest.sdk.marketdata;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;

/**
 * Which file layout candles are read from: {@code 1Y} yearly files of 1-minute bars (default), {@code 1m} legacy daily
 * files of 1-minute bars, or {@code 1D} yearly files of daily bars (symbols whose source has nothing finer than a
 * day: {@code ohlcv/1D/symbol=S/year=Y/S_Y.parquet}, one bar per trading day starting 00:00 UTC, with the provider's
 * adjusted close in {@code adj_close} when it gives one). A {@code 1Y} query for a symbol that has no yearly minute
 * files but daily bars is answered from the daily bars for {@code 1d}, {@code 1w} and {@code 1M}.
 *
 * <pre>{@code
 * CandleSeries legacy = client.candles().symbol("BTC").between(LocalDate.of(2020, 1, 1), LocalDate.of(2020, 1, 31))
 *         .timeframe("1h").sourceResolution(SourceResolution.DAILY).fetch();
 * SourceResolution r = SourceResolution.parse("1Y");   // YEARLY; r.root() is "ohlcv/1Y/"
 * List<String> daily = client.marketData().symbols(SourceResolution.DAILY_BARS);   // symbols stored as daily bars
 * }</pre>
 */
public enum SourceResolution {
    YEARLY("1Y", "ohlcv/1Y/"),
    DAILY("1m", "ohlcv/1m/"),
    /** Daily bars in yearly files, from sources that deliver nothing finer than a day. */
    DAILY_BARS("1D", "ohlcv/1D/");

    private final String code;
    private final String root;

    SourceResolution(String code, String root) {
        this.code = code;
        this.root = root;
    }

    public String code() {
        return code;
    }

    /** The key prefix of this layout, e.g. {@code ohlcv/1Y/}. */
    public String root() {
        return root;
    }

    /** Whether the layout holds daily bars, which serve the timeframes {@code 1d}, {@code 1w} and {@code 1M} only. */
    public boolean dailyBars() {
        return this == DAILY_BARS;
    }

    /** Parses {@code 1Y}, {@code 1m} or {@code 1D} (case-sensitive). */
    public static SourceResolution parse(String code) {
        for (SourceResolution r : values()) {
            if (r.code.equals(code)) {
                return r;
            }
        }
        throw BacktestException.of(ErrorCode.VALIDATION_FAILED,
                "source_resolution '" + code + "' is not valid; accepted: 1Y (yearly files of 1-minute bars), "
                        + "1m (legacy daily files of 1-minute bars) or 1D (yearly files of daily bars)")
                .with("field", "source_resolution");
    }
}
