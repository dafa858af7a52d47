package dev.backtest.engine.portfolio;

/**
 * What one fill did to the portfolio: when its order was decided and filled, the asset, its target weight, its weight
 * after all fills at that time ({@code units · open} over cash plus all holdings, at the prices the fills used),
 * the units held after the fill, and the fill price (the open, base currency).
 *
 * <pre>{@code
 * for (Allocation a : result.allocations()) System.out.printf("%s %.4f -> %.4f%n", a.symbol(), a.targetWeight(), a.weightAfter());
 * }</pre>
 */
public record Allocation(long decisionTime, long fillTime, String symbol, double targetWeight, double weightAfter,
                         double unitsAfter, double fillPrice) {
}
