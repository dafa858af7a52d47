package dev.backtest.engine.portfolio;

import dev.backtest.engine.CandleSeries;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static dev.backtest.engine.portfolio.PortfolioData.bars;
import static dev.backtest.engine.portfolio.PortfolioData.day;
import static dev.backtest.engine.portfolio.PortfolioData.everyDay;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Investment simulations with contributions: value path, time- and money-weighted returns by hand. */
class InvestmentSimulationTest {

    /**
     * One asset trading every day from 1 January to 10 March 2024 (70 days): 10 in January, 12 from the open of
     * 1 February, 15 from the open of 1 March.
     */
    private static CandleSeries steps() {
        double[] price = new double[70];
        for (int d = 0; d < 70; d++) {
            price[d] = d < 31 ? 10 : d < 60 ? 12 : 15;
        }
        return bars("X", everyDay(0, 70), price, price);
    }

    private static Portfolio single(Schedule schedule) {
        return Portfolio.builder().asset("X", steps())
                .options(PortfolioOptions.builder().commission(0).schedule(schedule).build()).build();
    }

    /** The rate x with Σ CF_j / (1+x)^(days_j/365) = 0, by bisection: the test's own XIRR. */
    private static double xirr(double[] days, double[] cf) {
        double lo = -0.99;
        double hi = 100;
        for (int it = 0; it < 200; it++) {
            double mid = (lo + hi) / 2;
            double npv = 0;
            for (int j = 0; j < cf.length; j++) {
                npv += cf[j] / Math.pow(1 + mid, days[j] / 365);
            }
            if (npv > 0) {
                lo = mid;  // too low a rate leaves value: the rate is higher
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    @Test
    void monthlyContributionsAreInvestedAtTheOpensOfEachNewMonth() {
        SimulationResult s = single(Schedule.monthly()).simulate(Investment.of(LocalDate.of(2024, 1, 1), 1000).monthly(100));
        // Day 0 (1 January): the first decision, all in X, filled 2 January at 10: 100 units, no cash left.
        // 31 January (day 30) closes the month: a decision; 1 February (day 31) adds 100 to cash, then fills at the
        // open: V = 100 + 100·12 = 1300, 108.33 units. 29 February (day 59) decides; 1 March adds 100:
        // V = 100 + 108.33·15 = 1725, 115 units.
        double[] v = s.valuePath();
        assertThat(v[0]).isEqualTo(1000);
        assertThat(v[30]).isCloseTo(1000, within(1e-9));
        assertThat(v[31]).isCloseTo(1300, within(1e-9));
        assertThat(v[59]).isCloseTo(1300, within(1e-9));
        assertThat(v[60]).isCloseTo(1725, within(1e-9));
        assertThat(s.finalValue()).isCloseTo(1725, within(1e-9));
        assertThat(s.run().unitsHeld()[0]).isCloseTo(115, within(1e-9));
        assertThat(s.totalContributions()).isEqualTo(200);
        assertThat(s.totalInvested()).isEqualTo(1200);
        assertThat(s.flows()).containsExactly(new SimulationResult.Flow(day(0), 1000), new SimulationResult.Flow(day(31), 100),
                new SimulationResult.Flow(day(60), 100));
        // time-weighted: r on 1 February (1300 − 100)/1000 − 1 = 20 %, on 1 March (1725 − 100)/1300 − 1 = 25 %,
        // 0 elsewhere: 1.2·1.25 − 1 = 50 %, the price's own 10 → 15
        assertThat(s.timeWeightedReturnPct()).isCloseTo(50, within(1e-9));
        assertThat(s.timeWeightedReturnAnnPct()).isCloseTo((Math.pow(1.5, 365.0 / 69) - 1) * 100, within(1e-6));
        assertThat(s.run().stats().returnPct()).isCloseTo(50, within(1e-9));
        assertThat(s.run().indexValues()[69]).isCloseTo(150, within(1e-9));
        // the statistics' equity is the money: final and peak 1725
        assertThat(s.run().stats().equityFinal()).isCloseTo(1725, within(1e-9));
        assertThat(s.run().stats().equityPeak()).isCloseTo(1725, within(1e-9));
        // money-weighted: −1000 on day 0, −100 on day 31, −100 on day 60, +1725 on day 69
        double x = xirr(new double[] {0, 31, 60, 69}, new double[] {-1000, -100, -100, 1725});
        assertThat(s.moneyWeightedReturnPct()).isCloseTo(x * 100, within(1e-7));
        double npv = -1000 - 100 / Math.pow(1 + x, 31 / 365.0) - 100 / Math.pow(1 + x, 60 / 365.0) + 1725 / Math.pow(1 + x, 69 / 365.0);
        assertThat(npv).isCloseTo(0, within(1e-6));
        assertThat(s.run().decisions()).extracting(Decision::trigger)
                .containsExactly(Decision.Trigger.FIRST, Decision.Trigger.SCHEDULE, Decision.Trigger.SCHEDULE);
    }

    @Test
    void aContributionIsDecidedAtTheCloseBeforeItWhateverTheSchedule() {
        SimulationResult s = single(Schedule.quarterly()).simulate(Investment.of(LocalDate.of(2024, 1, 1), 1000).monthly(100));
        assertThat(s.run().decisions()).extracting(d -> d.time() + " " + d.trigger())
                .containsExactly(day(0) + " FIRST", day(30) + " CONTRIBUTION", day(59) + " CONTRIBUTION");
        assertThat(s.finalValue()).isCloseTo(1725, within(1e-9));
    }

    @Test
    void withoutContributionsTheMoneyWeightedReturnIsTheAnnualisedGrowth() {
        SimulationResult s = single(Schedule.monthly()).simulate(Investment.of(LocalDate.of(2024, 1, 1), 1000));
        // 100 units from 2 January: 1500 on 10 March, 69 days after the start
        assertThat(s.finalValue()).isCloseTo(1500, within(1e-9));
        assertThat(s.flows()).hasSize(1);
        assertThat(s.moneyWeightedReturnPct()).isCloseTo((Math.pow(1.5, 365.0 / 69) - 1) * 100, within(1e-7));
        assertThat(s.timeWeightedReturnAnnPct()).isCloseTo(s.moneyWeightedReturnPct(), within(1e-7));
        assertThat(s.run().contributionsAdded()).isNull();
    }

    @Test
    void theRunStartsAtTheFirstTimeOnOrAfterTheStartDateWithEarlierBarsAsHistory() {
        // inverse volatility over 5 returns needs 6 closes: from 15 January the history has them, so the first decision
        // is the first time of the run
        CandleSeries a = PortfolioData.randomWalk("A", 3, everyDay(0, 70), 0.02);
        CandleSeries b = PortfolioData.randomWalk("B", 4, everyDay(0, 70), 0.01);
        Portfolio p = Portfolio.builder().asset("A", a).asset("B", b)
                .options(PortfolioOptions.builder().weighting(Weighting.inverseVolatility(5)).build()).build();
        SimulationResult s = p.simulate(Investment.of(LocalDate.of(2024, 1, 15), 5000));
        assertThat(s.run().time()[0]).isEqualTo(day(14));
        assertThat(s.run().time()).hasSize(56);
        assertThat(s.valuePath()[0]).isEqualTo(5000);
        assertThat(s.run().decisions().get(0).time()).isEqualTo(day(14));
        assertThat(s.run().fills().get(0).time()).isEqualTo(day(15));
        // a single asset is a portfolio of one
        SimulationResult one = Portfolio.builder().asset("A", a).build().simulate(Investment.of(LocalDate.of(2024, 1, 15), 5000));
        assertThat(one.run().decisions().get(0).targets()).containsEntry("A", 1.0);
    }

    @Test
    void aStartAfterTheDataOrABadAmountIsRefused() {
        Portfolio p = single(Schedule.monthly());
        assertThatThrownBy(() -> p.simulate(Investment.of(LocalDate.of(2024, 3, 11), 1000)))
                .isInstanceOfSatisfying(BacktestException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                    assertThat(e.getMessage()).contains("start_date", "2024-03-11");
                });
        assertThatThrownBy(() -> new Investment(null, -1, Double.NaN)).isInstanceOfSatisfying(BacktestException.class,
                e -> assertThat(e.getMessage()).contains("start_date", "amount", "monthly_contribution"));
    }

    @Test
    void xirrOfSimpleFlowsAndItsEdges() {
        long y = 365 * PortfolioData.DAY;
        // −100 now, +110 in a 365-day year: 10 %
        assertThat(MoneyWeightedReturn.annualPct(new long[] {0, y}, new double[] {-100, 110})).isCloseTo(10, within(1e-9));
        // −100, −100 a year later, +231 two years on: 10 % (100·1.21 + 100·1.1 = 231)
        assertThat(MoneyWeightedReturn.annualPct(new long[] {0, y, 2 * y}, new double[] {-100, -100, 231})).isCloseTo(10, within(1e-9));
        // a total loss, a near-total loss, a hundredfold gain in a week
        assertThat(MoneyWeightedReturn.annualPct(new long[] {0, y}, new double[] {-100, 0})).isEqualTo(-100);
        assertThat(MoneyWeightedReturn.annualPct(new long[] {0, y}, new double[] {-100, 1e-6})).isCloseTo((1e-8 - 1) * 100, within(1e-9));
        double week = MoneyWeightedReturn.annualPct(new long[] {0, 7 * PortfolioData.DAY}, new double[] {-1, 100});
        assertThat(week).isCloseTo((Math.pow(100, 365.0 / 7) - 1) * 100, within(1e-9 * week));
        // no time between the flows: undefined
        assertThat(MoneyWeightedReturn.annualPct(new long[] {5, 5}, new double[] {-100, 110})).isNaN();
    }
}
