package dev.backtest.engine.portfolio;

/**
 * One asset's part of a run's profit and loss, in the base currency: {@code pnl} = what its sales brought in minus
 * what its purchases cost (commissions included on both) plus the value of the units still held at the last
 * timeline time; {@code contributionPct} = {@code pnl / E[0] · 100}. Over all assets the {@code pnl} sum to the
 * final equity minus the money put in (starting cash and contributions).
 *
 * <pre>{@code
 * result.contributions().stream().sorted(Comparator.comparingDouble(AssetContribution::pnl).reversed()).limit(5)
 *         .forEach(c -> System.out.printf("%s %+.2f %%%n", c.symbol(), c.contributionPct()));
 * }</pre>
 */
public record AssetContribution(String symbol, double pnl, double contributionPct, double commissions, double unitsHeld,
                                double valueHeld) {
}
