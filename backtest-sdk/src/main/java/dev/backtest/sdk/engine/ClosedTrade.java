package dev.backtest.sdk.engine;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.time.Instant;

/**
 * A closed trade (or closed part of one). {@code size} is negative for a short;
 * {@code pnl = size·(exit − entry) − commission};
 * {@code returnPct = sign(size)·(exit/entry − 1) − commission/(|size|·entry)} is a fraction (0.01 = 1 %),
 * as in the spec; {@code commission} covers both sides. Times are epoch seconds; in JSON they are ISO-8601
 * and the duration is fractional days ({@code duration_days}).
 *
 * <pre>{@code
 * double totalPnl = result.trades().stream().mapToDouble(ClosedTrade::pnl).sum();
 * }</pre>
 */
@JsonPropertyOrder({"size", "entry_bar", "exit_bar", "entry_price", "exit_price", "entry_time", "exit_time", "commission",
        "pnl", "return_pct", "duration_days"})
public record ClosedTrade(
        @JsonProperty("size") double size,
        @JsonProperty("entry_bar") int entryBar,
        @JsonProperty("exit_bar") int exitBar,
        @JsonProperty("entry_price") double entryPrice,
        @JsonProperty("exit_price") double exitPrice,
        @JsonIgnore long entryTime,
        @JsonIgnore long exitTime,
        @JsonProperty("commission") double commission,
        @JsonProperty("pnl") double pnl,
        @JsonProperty("return_pct") double returnPct) {

    /** {@code exit_time − entry_time} in seconds. */
    public long duration() {
        return exitTime - entryTime;
    }

    @JsonProperty("entry_time")
    String entryTimeIso() {
        return Instant.ofEpochSecond(entryTime).toString();
    }

    @JsonProperty("exit_time")
    String exitTimeIso() {
        return Instant.ofEpochSecond(exitTime).toString();
    }

    @JsonProperty("duration_days")
    double durationDays() {
        return duration() / 86_400.0;
    }
}
