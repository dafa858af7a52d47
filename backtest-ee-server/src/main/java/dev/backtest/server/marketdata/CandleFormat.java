package dev.backtest.server.marketdata;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How candle JSON is laid out: {@code columns} (default, one array per field) or {@code rows} (one object per candle). */
public enum CandleFormat {
    COLUMNS, ROWS;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Null when {@code code} is not a format. */
    public static CandleFormat parseOrNull(String code) {
        for (CandleFormat f : values()) {
            if (f.code().equals(code)) {
                return f;
            }
        }
        return null;
    }

    public static String accepted() {
        return Arrays.stream(values()).map(CandleFormat::code).collect(Collectors.joining(", "));
    }
}
