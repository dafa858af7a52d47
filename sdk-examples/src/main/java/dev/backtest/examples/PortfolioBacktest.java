package dev.backtest.examples;

import dev.backtest.engine.Timeframe;
import dev.backtest.engine.portfolio.Investment;
import dev.backtest.engine.portfolio.PortfolioOptions;
import dev.backtest.engine.portfolio.PortfolioResult;
import dev.backtest.engine.portfolio.Schedule;
import dev.backtest.engine.portfolio.SimulationResult;
import dev.backtest.engine.portfolio.Weighting;
import dev.backtest.sdk.BacktestClient;
import dev.backtest.sdk.portfolio.PortfolioQuery;
import dev.backtest.sdk.report.Reports;

import java.nio.file.Path;
import java.time.LocalDate;

/**
 * A three-asset portfolio of the sample candles (BTC, ETH, EURUSD over 2023–2024): inverse-volatility weights
 * rebalanced monthly with a 60 % cap and a 10 % drift threshold, compared with BTC, written as an HTML report, then
 * an investment of 10,000 with 500 a month in the same portfolio.
 *
 * <pre>
 * mvn -q -pl sdk-examples exec:java -Dexec.mainClass=dev.backtest.examples.PortfolioBacktest -Dexec.args=/tmp/backtest-demo
 * </pre>
 */
public final class PortfolioBacktest {

    public static void main(String[] args) {
        if (!Usage.given(args, 1, "PortfolioBacktest", "DATA_DIR   (a folder for the embedded database, sample candles and "
                + "the report portfolio.html)")) {
            System.exit(2);
        }
        SimulationResult s = run(Path.of(args[0]));
        PortfolioResult r = s.run();
        System.out.printf("portfolio: %d rebalances, CAGR %.2f %%, max drawdown %.2f %%, beta to BTC %.2f%n",
                r.stats().rebalances(), r.stats().cagrPct(), r.stats().maxDrawdownPct(), r.stats().beta());
        System.out.printf("investment: put in %.0f, worth %.0f, %.2f %% a year money-weighted%n",
                s.totalInvested(), s.finalValue(), s.moneyWeightedReturnPct());
    }

    /** Runs the portfolio, writes {@code portfolio.html} into {@code dataDir}, and returns the investment simulation. */
    static SimulationResult run(Path dataDir) {
        try (BacktestClient client = BacktestClient.builder().embedded(dataDir).sampleData(true).build()) {
            PortfolioQuery portfolio = client.portfolios()
                    .symbols("BTC", "ETH", "EURUSD")
                    .between(LocalDate.of(2023, 1, 1), LocalDate.of(2024, 12, 31))
                    .timeframe(Timeframe.D1)
                    .options(PortfolioOptions.builder().cash(100_000)
                            .weighting(Weighting.inverseVolatility(30)).schedule(Schedule.monthly())
                            .maxWeight(0.6).threshold(0.1).benchmark("BTC").build());
            PortfolioResult result = portfolio.run();
            Reports.writeHtml(result, client.candles().symbol("BTC").between(LocalDate.of(2023, 1, 1), LocalDate.of(2024, 12, 31))
                    .timeframe(Timeframe.D1).fetch(), dataDir.resolve("portfolio.html"));
            return portfolio.simulate(Investment.of(LocalDate.of(2023, 3, 1), 10_000).monthly(500));
        }
    }

    private PortfolioBacktest() {
    }
}
