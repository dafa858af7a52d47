package dev.backtest.sdk.marketdata;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** The first and last 1-minute bar stored for a symbol in one layout. */
public record DataRange(String symbol, SourceResolution resolution, Instant first, Instant last) {

    public LocalDate firstDate() {
        return LocalDate.ofInstant(first, ZoneOffset.UTC);
    }

    public LocalDate lastDate() {
        return LocalDate.ofInstant(last, ZoneOffset.UTC);
    }
}
