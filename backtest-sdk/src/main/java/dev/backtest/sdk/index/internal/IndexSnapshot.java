package dev.backtest.sdk.index.internal;

import dev.backtest.engine.Timeframe;
import dev.backtest.engine.portfolio.MarketCaps;
import dev.backtest.engine.portfolio.PortfolioOptions;
import dev.backtest.engine.portfolio.Schedule;
import dev.backtest.engine.portfolio.Weighting;
import dev.backtest.sdk.marketdata.CandleQuery;
import dev.backtest.sdk.portfolio.PortfolioQuery;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * An index definition as a run executes it (stored with the run, so a later edit does not change a queued run), and
 * the one translation of it into the portfolio engine's terms: cash = the base value (the equity is then the index
 * value), daily bars from the start date, the benchmark given to the engine only when it is in the universe (the
 * engine compares with one of its assets).
 *
 * <pre>{@code
 * PortfolioResult r = snapshot.query(client.candles(), caps, LocalDate.now()).run();
 * }</pre>
 */
public record IndexSnapshot(List<String> universe, String weighting, Map<String, Double> weights, Integer lookback, Double maxWeight,
                            String schedule, Double threshold, String benchmark, double baseValue, String baseCurrency,
                            LocalDate startDate, double commission) {

    public static final String DEFAULT_WEIGHTING = "equal";
    public static final String DEFAULT_SCHEDULE = "monthly";
    public static final int DEFAULT_LOOKBACK = 60;
    public static final double DEFAULT_BASE_VALUE = 1000;

    public IndexSnapshot {
        universe = List.copyOf(universe);
        weights = weights == null ? null : Map.copyOf(weights);
    }

    /** The engine's weighting. */
    public Weighting engineWeighting() {
        return switch (weighting) {
            case "fixed" -> Weighting.fixed(weights);
            case "market_cap" -> Weighting.marketCap();
            case "inverse_volatility" -> Weighting.inverseVolatility(lookback == null ? DEFAULT_LOOKBACK : lookback);
            default -> Weighting.equal();
        };
    }

    /** The engine's options with {@code cash} to invest (the base value for a run, the amount for a simulation). */
    public PortfolioOptions options(double cash) {
        return PortfolioOptions.builder().cash(cash).commission(commission).baseCurrency(baseCurrency).weighting(engineWeighting())
                .schedule(Schedule.parse(schedule)).maxWeight(maxWeight).threshold(threshold)
                .benchmark(benchmark != null && universe.contains(benchmark) ? benchmark : null).build();
    }

    /** The portfolio of the index from {@code from} to {@code end} with {@code cash}, market caps given per symbol. */
    public PortfolioQuery query(CandleQuery candles, Map<String, MarketCaps> caps, LocalDate from, LocalDate end, double cash) {
        PortfolioQuery q = new PortfolioQuery(candles).symbols(universe).between(from, end).timeframe(Timeframe.D1).options(options(cash));
        for (Map.Entry<String, MarketCaps> e : caps.entrySet()) {
            q = q.marketCaps(e.getKey(), e.getValue());
        }
        return q;
    }
}
