package dev.backtest.engine.portfolio;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.backtest.engine.portfolio.PortfolioData.bars;
import static dev.backtest.engine.portfolio.PortfolioData.day;
import static dev.backtest.engine.portfolio.PortfolioData.everyDay;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Fills computed by hand from the portfolio semantics: every {@code V}, target units, delta, sell, scaled buy,
 * commission and cash written out, then compared with the run.
 */
class PortfolioFillsTest {

    // Ten days, 2024-01-01 (Monday) to 2024-01-10, both assets trade every day.
    private static final double[] A_OPEN = {10, 10, 11, 12, 12.5, 13, 12, 11.5, 11, 11};
    private static final double[] A_CLOSE = {10, 11, 12, 12, 13, 12, 12, 11, 11, 12};
    private static final double[] B_OPEN = {20, 20, 19, 18, 17.5, 17, 18, 18.5, 19, 20};
    private static final double[] B_CLOSE = {20, 19, 18, 18, 17, 18, 18, 19, 20, 20};

    private static Portfolio twoAssets(boolean fractional) {
        return Portfolio.builder()
                .asset("A", bars("A", everyDay(0, 10), A_OPEN, A_CLOSE))
                .asset("B", bars("B", everyDay(0, 10), B_OPEN, B_CLOSE))
                .options(PortfolioOptions.builder().cash(1000).commission(0.01).fractional(fractional)
                        .weighting(Weighting.equal()).schedule(Schedule.everyN(3)).build())
                .build();
    }

    private static void assertClose(double actual, double expected) {
        assertThat(actual).isCloseTo(expected, within(1e-9 * Math.max(1, Math.abs(expected))));
    }

    @Test
    void twoAssetsTenBarsEveryFillByHand() {
        double c = 0.01;
        // Decisions (every_n(3) from the first decision at day 0): days 0, 3, 6; none at day 9, the last time.
        // Day 0: E = 1000, targets A 0.5, B 0.5; nothing held, so both are buys and, with no sell, fill at day 1.
        // Day 1 fill: V = cash 1000. u*A = 0.5·1000/10 = 50, u*B = 0.5·1000/20 = 25; no sells.
        //   buys cost 50·10·1.01 + 25·20·1.01 = 1010 > cash 1000: scaled by 1000/1010.
        double s1 = 1000 / 1010.0;
        double uA1 = 50 * s1;                 // 49.50495...
        double uB1 = 25 * s1;                 // 24.75247...
        double cash1 = 1000 - uA1 * 10 * (1 + c) - uB1 * 20 * (1 + c); // 0
        double commission1 = uA1 * 10 * c + uB1 * 20 * c;
        double e1 = cash1 + uA1 * 11 + uB1 * 19;
        double e2 = cash1 + uA1 * 12 + uB1 * 18;
        double e3 = cash1 + uA1 * 12 + uB1 * 18;
        // Day 3 decision: E3 = 1039.60; target value 519.80 each. A holds uA1·12 = 594.06 above it: a sell, at A's next
        // bar, day 4. B holds uB1·18 = 445.54 below it: a buy, waiting for the last sell: B's first bar at or after day 4.
        assertThat(uA1 * 12).isGreaterThan(0.5 * e3);
        assertThat(uB1 * 18).isLessThan(0.5 * e3);
        // Day 4 fill: V = cash 0 + uA1·12.5 + uB1·17.5 = 1051.98.
        double v4 = cash1 + uA1 * 12.5 + uB1 * 17.5;
        double uA4 = 0.5 * v4 / 12.5;         // 42.08
        double dA4 = uA4 - uA1;               // −7.43: sell
        double cash4 = cash1 + -dA4 * 12.5 * (1 - c);      // 91.89
        double dB4 = 0.5 * v4 / 17.5 - uB1;   // +5.30: buy costing dB4·17.5·1.01 = 93.75 > cash 91.89: scaled
        double s4 = cash4 / (dB4 * 17.5 * (1 + c));        // = 0.99 / 1.01
        assertThat(s4).isCloseTo(0.99 / 1.01, within(1e-12));
        double dB4s = dB4 * s4;
        double uB4 = uB1 + dB4s;
        double cash4b = cash4 - dB4s * 17.5 * (1 + c);    // 0
        double commission4 = -dA4 * 12.5 * c + dB4s * 17.5 * c;
        double e4 = cash4b + uA4 * 13 + uB4 * 17;
        double e5 = cash4b + uA4 * 12 + uB4 * 18;
        double e6 = cash4b + uA4 * 12 + uB4 * 18;
        // Day 6 decision: E6 = 1044.08, target 522.04 each: A holds uA4·12 = 504.95 (a buy), B uB4·18 = 539.13 (a sell,
        // at day 7); A's buy waits for it: day 7.
        assertThat(uA4 * 12).isLessThan(0.5 * e6);
        assertThat(uB4 * 18).isGreaterThan(0.5 * e6);
        // Day 7 fill: V = uA4·11.5 + uB4·18.5.
        double v7 = cash4b + uA4 * 11.5 + uB4 * 18.5;
        double uB7 = 0.5 * v7 / 18.5;
        double dB7 = uB7 - uB4;               // sell
        double cash7 = cash4b + -dB7 * 18.5 * (1 - c);
        double dA7 = 0.5 * v7 / 11.5 - uA4;   // buy, again more than the cash: scaled by 0.99/1.01
        double s7 = cash7 / (dA7 * 11.5 * (1 + c));
        double dA7s = dA7 * s7;
        double uA7 = uA4 + dA7s;
        double cash7b = cash7 - dA7s * 11.5 * (1 + c);
        double commission7 = -dB7 * 18.5 * c + dA7s * 11.5 * c;
        double e7 = cash7b + uA7 * 11 + uB7 * 19;
        double e8 = cash7b + uA7 * 11 + uB7 * 20;
        double e9 = cash7b + uA7 * 12 + uB7 * 20;

        PortfolioResult r = twoAssets(true).run();
        double[] expected = {1000, e1, e2, e3, e4, e5, e6, e7, e8, e9};
        for (int i = 0; i < 10; i++) {
            assertClose(r.equity()[i], expected[i]);
        }
        assertThat(r.decisions()).extracting(Decision::time).containsExactly(day(0), day(3), day(6));
        assertThat(r.decisions()).extracting(Decision::trigger)
                .containsExactly(Decision.Trigger.FIRST, Decision.Trigger.SCHEDULE, Decision.Trigger.SCHEDULE);

        List<Fill> fills = r.fills();
        assertThat(fills).extracting(f -> f.time() + " " + f.symbol() + " " + f.side()).containsExactly(
                day(1) + " A BUY", day(1) + " B BUY",
                day(4) + " A SELL", day(4) + " B BUY",
                day(7) + " B SELL", day(7) + " A BUY");
        double[][] units = {{uA1, 10, uA1 * 10 * c}, {uB1, 20, uB1 * 20 * c}, {-dA4, 12.5, -dA4 * 12.5 * c},
                {dB4s, 17.5, dB4s * 17.5 * c}, {-dB7, 18.5, -dB7 * 18.5 * c}, {dA7s, 11.5, dA7s * 11.5 * c}};
        for (int j = 0; j < 6; j++) {
            assertClose(fills.get(j).units(), units[j][0]);
            assertThat(fills.get(j).price()).isEqualTo(units[j][1]);
            assertClose(fills.get(j).commission(), units[j][2]);
        }
        assertClose(r.cash(), cash7b);
        assertThat(r.cash()).isGreaterThanOrEqualTo(0);

        // Allocations: weight after all fills at that time, at the prices V used (both assets at their opens here).
        List<Allocation> a = r.allocations();
        double w1 = cash1 + uA1 * 10 + uB1 * 20;
        assertClose(a.get(0).weightAfter(), uA1 * 10 / w1);
        assertClose(a.get(1).weightAfter(), uB1 * 20 / w1);
        double w4 = cash4b + uA4 * 12.5 + uB4 * 17.5;
        assertClose(a.get(2).weightAfter(), uA4 * 12.5 / w4);
        assertClose(a.get(3).weightAfter(), uB4 * 17.5 / w4);
        assertThat(a.get(3)).satisfies(row -> {
            assertThat(row.decisionTime()).isEqualTo(day(3));
            assertThat(row.fillTime()).isEqualTo(day(4));
            assertThat(row.targetWeight()).isEqualTo(0.5);
            assertThat(row.fillPrice()).isEqualTo(17.5);
        });
        assertClose(a.get(3).unitsAfter(), uB4);
        assertClose(a.get(5).unitsAfter(), uA7);

        PortfolioStats s = r.stats();
        assertClose(s.commissions(), commission1 + commission4 + commission7);
        assertThat(s.rebalances()).isEqualTo(3);
        double traded = uA1 * 10 + uB1 * 20 + -dA4 * 12.5 + dB4s * 17.5 + -dB7 * 18.5 + dA7s * 11.5;
        double meanEquity = (1000 + e1 + e2 + e3 + e4 + e5 + e6 + e7 + e8 + e9) / 10;
        assertClose(s.turnoverPct(), traded / 2 / meanEquity / (9 / 365.25) * 100);
        assertClose(s.returnPct(), (e9 / 1000 - 1) * 100);
        assertThat(s.equityFinal()).isEqualTo(r.equity()[9]);

        // contributions: each asset's sales minus purchases (commissions included) plus what it holds at the end
        double pnlA = -(uA1 * 10 * (1 + c)) + -dA4 * 12.5 * (1 - c) - dA7s * 11.5 * (1 + c) + uA7 * 12;
        double pnlB = -(uB1 * 20 * (1 + c)) - dB4s * 17.5 * (1 + c) + -dB7 * 18.5 * (1 - c) + uB7 * 20;
        assertClose(r.contributions().get(0).pnl(), pnlA);
        assertClose(r.contributions().get(1).pnl(), pnlB);
        assertClose(pnlA + pnlB, e9 - 1000);
    }

    @Test
    void wholeUnitsFloorEveryTargetAndEveryScaledBuy() {
        // Day 1: u*A = floor(50) = 50, u*B = floor(25) = 25, cost 1010 > 1000: scaled by 1000/1010 then floored:
        //   A floor(49.505) = 49, B floor(24.752) = 24; cash = 1000 − 49·10·1.01 − 24·20·1.01 = 20.30
        double cash1 = 1000 - 49 * 10 * 1.01 - 24 * 20 * 1.01;
        assertThat(cash1).isCloseTo(20.3, within(1e-9));
        // Day 3: E = 20.30 + 49·12 + 24·18 = 1040.30, target 520.15: A (588) sells, B (432) buys.
        // Day 4: V = 20.30 + 49·12.5 + 24·17.5 = 1052.80; u*A = floor(526.40/12.5 = 42.11) = 42: sell 7,
        //   cash += 7·12.5·0.99 = 86.625 → 106.925; u*B = floor(526.40/17.5 = 30.08) = 30: buy 6 costing
        //   6·17.5·1.01 = 106.05 <= 106.925, not scaled; cash = 0.875
        double cash4 = cash1 + 7 * 12.5 * 0.99 - 6 * 17.5 * 1.01;
        assertThat(cash4).isCloseTo(0.875, within(1e-9));
        // Day 6: E = 0.875 + 42·12 + 30·18 = 1044.875, target 522.4375: A (504) buys, B (540) sells.
        // Day 7: V = 0.875 + 42·11.5 + 30·18.5 = 1038.875; u*B = floor(519.4375/18.5 = 28.08) = 28: sell 2,
        //   cash += 2·18.5·0.99 = 36.63 → 37.505; u*A = floor(519.4375/11.5 = 45.17) = 45: buy 3 costing 34.845; cash 2.66
        double cash7 = cash4 + 2 * 18.5 * 0.99 - 3 * 11.5 * 1.01;
        assertThat(cash7).isCloseTo(2.66, within(1e-9));

        PortfolioResult r = twoAssets(false).run();
        assertThat(r.fills()).extracting(f -> f.symbol() + " " + f.side() + " " + f.units())
                .containsExactly("A BUY 49.0", "B BUY 24.0", "A SELL 7.0", "B BUY 6.0", "B SELL 2.0", "A BUY 3.0");
        double[] expected = {1000, cash1 + 49 * 11 + 24 * 19, cash1 + 49 * 12 + 24 * 18, cash1 + 49 * 12 + 24 * 18,
                cash4 + 42 * 13 + 30 * 17, cash4 + 42 * 12 + 30 * 18, cash4 + 42 * 12 + 30 * 18,
                cash7 + 45 * 11 + 28 * 19, cash7 + 45 * 11 + 28 * 20, cash7 + 45 * 12 + 28 * 20};
        for (int i = 0; i < 10; i++) {
            assertClose(r.equity()[i], expected[i]);
        }
        assertClose(r.cash(), 2.66);
        assertThat(r.unitsHeld()).containsExactly(45, 28);
    }

    /**
     * Three calendars: A every day, B on weekdays, C on weekdays from Monday 8 January. every_n(4) decides on days 0,
     * 4 (Friday), 8 (Tuesday), 12 (Saturday) and 16. Commission 0.
     */
    @Test
    void ordersAcrossCalendarsSellFirstAndBuyOnlyOnceTheSalesHaveFilled() {
        double[] aClose = {100, 98, 96, 94, 92, 91, 90, 92, 94, 95, 97, 100, 104, 105, 106, 107, 108, 109, 110, 111, 112};
        double[] aOpen = new double[21];
        aOpen[0] = 100;
        for (int d = 1; d < 21; d++) {
            aOpen[d] = aClose[d - 1] + 0.5;
        }
        long[] bTime = PortfolioData.weekdays(0, 19);      // days 0-4, 7-11, 14-18
        double[] bClose = {50, 51, 52, 53, 54, 55, 56, 55, 54, 53, 52, 51, 50, 49, 48};
        double[] bOpen = new double[15];
        bOpen[0] = 50;
        for (int j = 1; j < 15; j++) {
            bOpen[j] = bClose[j - 1] - 0.25;
        }
        long[] cTime = PortfolioData.weekdays(7, 12);      // days 7-11, 14-18
        double[] cClose = {20, 21, 22, 23, 24, 25, 26, 27, 28, 29};
        double[] cOpen = {20, 20, 21, 22, 23, 24, 25, 26, 27, 28};
        Portfolio p = Portfolio.builder()
                .asset("A", bars("A", everyDay(0, 21), aOpen, aClose))
                .asset("B", bars("B", bTime, bOpen, bClose))
                .asset("C", bars("C", cTime, cOpen, cClose))
                .options(PortfolioOptions.builder().cash(10_000).commission(0).schedule(Schedule.everyN(4)).build())
                .build();
        PortfolioResult r = p.run();

        // Day 0: A and B listed (C not yet): 1/2 each, filled at their next bars, day 1: V = 10 000.
        double uA = 5000 / aOpen[1];
        double uB = 5000 / bOpen[1];
        // Day 4 (Friday): A fell, B rose. E4 = uA·92 + uB·54; B holds more than E4/2: a sell at its next bar, Monday
        // (day 7); A's buy waits for it: A's first bar at or after Monday, not Saturday.
        double e4 = uA * 92 + uB * 54;
        assertThat(uB * 54).isGreaterThan(e4 / 2);
        // Day 7 fill, both at their opens: A 90.5, B 53.75 (C, listed now, had no target at day 4: no order).
        double v7 = uA * 90.5 + uB * 53.75;
        uB = v7 / 2 / 53.75;
        uA = v7 / 2 / 90.5;
        // Day 8 (Tuesday): all three listed, 1/3 each; A and B hold 1/2 of the portfolio: sells at day 9; C's buy waits
        // for them, day 9. Day 9: V = uA·94.5 + uB·55.75 (C holds nothing).
        double v9 = uA * 94.5 + uB * 55.75;
        uA = v9 / 3 / 94.5;
        uB = v9 / 3 / 55.75;
        double uC = v9 / 3 / 21;
        // Day 12 (Saturday): last prices A 104 (its bar today), B 53 and C 24 (Thursday 11). Since day 9 A gained 10.1 %,
        // C 14.3 %, B lost 4.9 %: A and C are above E/3, B below. A's sell fills at its next bar, Sunday 13, alone;
        // C's at Monday 14, the last sale, so B's buy fills Monday 14 too.
        double e12 = uA * aClose[12] + uB * 53 + uC * 24;
        assertThat(uA * aClose[12]).isGreaterThan(e12 / 3);
        assertThat(uC * 24).isGreaterThan(e12 / 3);
        assertThat(uB * 53).isLessThan(e12 / 3);
        // Day 13 fill, A alone: V = A at its open (104.5) + B and C at their last closes before Sunday (53, 24).
        double v13 = uA * aOpen[13] + uB * 53 + uC * 24;
        double uA13 = v13 / 3 / aOpen[13];
        double cash13 = (uA - uA13) * aOpen[13];
        // Day 14 fill: C (sell) and B (buy) at their opens (24 and 50.75); A, which has a bar today but no order, at its
        // last close before today: Sunday's 105.
        double v14 = cash13 + uC * cOpen[5] + uB * bOpen[10] + uA13 * aClose[13];
        double uC14 = v14 / 3 / cOpen[5];
        double cash14 = cash13 + (uC - uC14) * cOpen[5];
        // B's buy to v14/3 costs more than that cash: A, not traded today, is worth more than a third of v14 (it rose
        // from its Sunday open to its close). The buy is scaled to the cash, which ends at 0.
        double dB = v14 / 3 / bOpen[10] - uB;
        assertThat(dB * bOpen[10]).isGreaterThan(cash14);
        double uB14 = uB + dB * (cash14 / (dB * bOpen[10]));
        cash14 = 0;

        assertThat(r.fills()).filteredOn(f -> f.time() <= day(14))
                .extracting(f -> (f.time() - day(0)) / PortfolioData.DAY + " " + f.symbol() + " " + f.side()).containsExactly(
                        "1 A BUY", "1 B BUY",
                        "7 B SELL", "7 A BUY",
                        "9 A SELL", "9 B SELL", "9 C BUY",
                        "13 A SELL",
                        "14 C SELL", "14 B BUY");
        List<Allocation> rows = r.allocations();
        assertClose(rows.get(3).unitsAfter(), v7 / 2 / 90.5);
        assertClose(rows.get(6).unitsAfter(), uC);
        assertClose(rows.get(7).unitsAfter(), uA13);
        assertClose(rows.get(8).unitsAfter(), uC14);
        assertClose(rows.get(9).unitsAfter(), uB14);
        assertThat(rows.get(9).decisionTime()).isEqualTo(day(12));
        // equity on Sunday 13, after A's sale: cash + A at its close 99 + B, C at Thursday's closes
        assertClose(r.equity()[13], cash13 + uA13 * aClose[13] + uB * 53 + uC * 24);
        // ...and Monday 14 after both fills
        assertClose(r.equity()[14], cash14 + uA13 * aClose[14] + uB14 * bClose[10] + uC14 * cClose[5]);
        // the weights over time: C has none before its first fill, and all three sum to at most 1
        double[][] w = r.weights();
        assertThat(w[2][8]).isZero();
        assertClose(w[2][9], uC * 22 / r.equity()[9]);
    }
}
