package dev.backtest.sdk.index;

import java.util.List;

/**
 * A simulated investment: the value of the money at each day, what was put in, what it was worth at the end, and
 * the time-weighted (flows excluded) and money-weighted (XIRR, 365-day years) returns. In JSON: {@code currency},
 * {@code value_path}, {@code amount}, {@code total_contributions}, {@code total_invested}, {@code final_value},
 * {@code time_weighted_return_pct}, {@code time_weighted_return_ann_pct}, {@code money_weighted_return_pct} (NaN as null).
 *
 * <pre>{@code
 * SimulationResultView s = client.indexes().simulate(me, request);
 * System.out.printf("put in %.0f, worth %.0f%n", s.totalInvested(), s.finalValue());
 * }</pre>
 */
public record SimulationResultView(String currency, List<IndexValue> valuePath, double amount, double totalContributions,
                                   double totalInvested, double finalValue, double timeWeightedReturnPct,
                                   double timeWeightedReturnAnnPct, double moneyWeightedReturnPct) {

    public SimulationResultView {
        valuePath = List.copyOf(valuePath);
    }
}
