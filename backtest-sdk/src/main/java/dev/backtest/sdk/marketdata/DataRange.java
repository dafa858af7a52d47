package dev.backtest.sdk.marketdata;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The first and last bar stored for a symbol in one layout (1-minute bars, or daily bars in {@code 1D}).
 *
 * <pre>{@code
 * Optional<DataRange> range = client.marketData().range("BTC", SourceResolution.YEARLY);
 * range.ifPresent(r -> System.out.println("BTC from " + r.firstDate() + " to " + r.lastDate()));
 * }</pre>
 */
public record DataRange(String symbol, SourceResolution resolution, Instant first, Instant last) {

    public LocalDate firstDate() {
        return LocalDate.ofInstant(first, ZoneOffset.UTC);
    }

    public LocalDate lastDate() {
        return LocalDate.ofInstant(last, ZoneOffset.UTC);
    }
}
