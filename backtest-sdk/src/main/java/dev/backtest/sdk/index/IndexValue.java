package dev.backtest.sdk.index;

import java.time.LocalDate;

/**
 * The value of an index (or of a simulated investment) on one day. In JSON: {@code date}, {@code value}.
 *
 * <pre>{@code
 * for (IndexValue v : client.indexes().history(me, indexId, null, null, 200).values()) System.out.println(v.date() + " " + v.value());
 * }</pre>
 */
public record IndexValue(LocalDate date, double value) {
}
