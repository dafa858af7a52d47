package dev.backtest.engine.portfolio;

import java.util.List;

/**
 * An investment simulation: the run (cash = the amount, from the start date, contributions invested at the opens
 * after the close before them), the money put in, and the returns.
 *
 * <ul>
 *   <li>{@code timeWeightedReturnPct}: the return with the flows taken out, {@code Π(1 + r_i) − 1} over the run with
 *       {@code r_i = (E[i] − F_i) / E[i−1] − 1} (×100); {@code timeWeightedReturnAnnPct} the same per 365-day year.</li>
 *   <li>{@code moneyWeightedReturnPct}: the annual rate {@code x} (XIRR, 365-day years) at which the flows
 *       (−amount, −each contribution, +final value) are worth nothing at the start:
 *       {@code Σ CF_j / (1+x)^((t_j − t_0)/365 days) = 0}.</li>
 * </ul>
 *
 * <pre>{@code
 * SimulationResult s = portfolio.simulate(Investment.of(LocalDate.of(2015, 1, 1), 10_000).monthly(500));
 * System.out.printf("put in %.0f, worth %.0f: %.2f %% a year (money-weighted)%n", s.totalInvested(), s.finalValue(),
 *         s.moneyWeightedReturnPct());
 * }</pre>
 */
public record SimulationResult(PortfolioResult run, List<Flow> flows, double amount, double totalContributions,
                               double finalValue, double timeWeightedReturnPct, double timeWeightedReturnAnnPct,
                               double moneyWeightedReturnPct) {

    public SimulationResult {
        flows = List.copyOf(flows);
    }

    /** Money put in: the amount at the start, then each contribution, at its time (epoch seconds). */
    public record Flow(long time, double amount) {
    }

    /** The value of the investment at each of {@link PortfolioResult#time()}: the run's equity. */
    public double[] valuePath() {
        return run.equity();
    }

    /** The amount plus every contribution. */
    public double totalInvested() {
        return amount + totalContributions;
    }
}
