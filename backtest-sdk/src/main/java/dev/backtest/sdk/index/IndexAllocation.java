package dev.backtest.sdk.index;

import java.time.LocalDate;

/**
 * What an index held of one asset after a rebalance: the target weight decided at the close of
 * {@code decisionDate}, the weight after the fills at the opens of {@code fillDate}, the units held and the fill
 * price. In JSON: {@code symbol}, {@code target_weight}, {@code weight}, {@code units}, {@code price},
 * {@code decision_date}, {@code fill_date}.
 *
 * <pre>{@code
 * for (IndexAllocation a : client.indexes().current(me, indexId).allocations()) System.out.println(a.symbol() + " " + a.weight());
 * }</pre>
 */
public record IndexAllocation(String symbol, double targetWeight, double weight, double units, double price, LocalDate decisionDate,
                              LocalDate fillDate) {
}
