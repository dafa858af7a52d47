package dev.backtest.sdk.marketdata;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;

/**
 * Which file layout candles are read from: {@code 1Y} yearly files (default) or {@code 1m} legacy daily
 * files.
 *
 * <pre>{@code
 * CandleSeries legacy = client.candles().symbol("BTC").between(LocalDate.of(2020, 1, 1), LocalDate.of(2020, 1, 31))
 *         .timeframe("1h").sourceResolution(SourceResolution.DAILY).fetch();
 * SourceResolution r = SourceResolution.parse("1Y");   // YEARLY; r.root() is "ohlcv/1Y/"
 * }</pre>
 */
public enum SourceResolution {
    YEARLY("1Y", "ohlcv/1Y/"),
    DAILY("1m", "ohlcv/1m/");

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

    /** Parses {@code 1Y} or {@code 1m} (case-sensitive). */
    public static SourceResolution parse(String code) {
        for (SourceResolution r : values()) {
            if (r.code.equals(code)) {
                return r;
            }
        }
        throw BacktestException.of(ErrorCode.VALIDATION_FAILED,
                "source_resolution '" + code + "' is not valid; accepted: 1Y (yearly files) or 1m (daily files)")
                .with("field", "source_resolution");
    }
}
