package dev.backtest.engine;

import dev.backtest.engine.CandleSeries;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Property checks on random walks with a random order-placing strategy (market, limit, stop, SL/TP, partial and
 * full closes, both directions), 200 seeds.
 */
class EngineInvariantsTest {

    static LongStream seeds() {
        return LongStream.range(0, 200);
    }

    /** Places random orders; all randomness from {@code seed}, so a failing seed replays exactly. */
    static Strategy randomTrader(long seed) {
        Random r = new Random(seed);
        return TestBars.scripted(ctx -> {
            double c = ctx.close().last();
            double u = r.nextDouble();
            if (u < 0.12) {
                boolean buy = r.nextBoolean();
                Order o = switch (r.nextInt(4)) {
                    case 0 -> Order.allIn();
                    case 1 -> Order.fraction(0.1 + 0.8 * r.nextDouble());
                    case 2 -> Order.units(1 + r.nextInt(20));
                    default -> Order.fraction(0.3);
                };
                int kind = r.nextInt(4);
                double ref = c;
                if (kind == 1) {
                    ref = c * (buy ? 0.99 : 1.01);
                    o = o.limit(ref);
                } else if (kind == 2) {
                    ref = c * (buy ? 1.01 : 0.99);
                    o = o.stop(ref);
                }
                if (r.nextBoolean()) {
                    o = o.sl(ref * (buy ? 0.97 : 1.03));
                }
                if (r.nextBoolean()) {
                    o = o.tp(ref * (buy ? 1.04 : 0.96));
                }
                if (buy) {
                    ctx.buy(o);
                } else {
                    ctx.sell(o);
                }
            } else if (u < 0.16) {
                ctx.position().close();
            } else if (u < 0.18 && !ctx.trades().isEmpty()) {
                ctx.trades().get(0).close(0.5);
            } else if (u < 0.19) {
                ctx.cancelOrders();
            }
        });
    }

    static RunOptions options(long seed) {
        Random r = new Random(seed * 31 + 7);
        return RunOptions.builder().cash(10_000).commission(r.nextInt(3) * 0.001).spread(r.nextInt(2) * 0.0005)
                .exclusiveOrders(seed % 5 == 0).finalizeTrades(true).build();
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void equityIsCashPlusMarkedPositionsOnEveryBar(long seed) {
        CandleSeries s = TestBars.randomWalk(seed, 300, TestBars.DAY);
        RunOptions o = options(seed);
        BacktestResult res = Engine.run(s, randomTrader(seed), o);
        List<ClosedTrade> trades = res.trades();
        double[] close = s.close();
        int n = s.size();
        // Rebuild equity from the trade list alone: a trade (piece) adds its pnl from its exit bar on, and while open
        // adds size·(close − entry) minus the entry commission it has already paid.
        for (int i = 0; i < n - 1; i++) {
            double e = o.cash();
            for (ClosedTrade t : trades) {
                double entryFee = t.commission() - o.commission() * Math.abs(t.size()) * t.exitPrice();
                if (t.exitBar() <= i) {
                    e += t.pnl();
                } else if (t.entryBar() <= i) {
                    e += t.size() * (close[i] - t.entryPrice()) - entryFee;
                }
            }
            assertThat(res.equity()[i]).as("seed %d bar %d", seed, i).isCloseTo(e, within(1e-6));
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void whenFlatAtTheEndClosedPnlSumsToTheEquityChange(long seed) {
        CandleSeries s = TestBars.randomWalk(seed, 300, TestBars.DAY);
        BacktestResult res = Engine.run(s, randomTrader(seed), options(seed));
        assertThat(res.trades()).as("seed %d trades", seed).isNotEmpty();
        double pnl = res.trades().stream().mapToDouble(ClosedTrade::pnl).sum();
        double[] eq = res.equity();
        assertThat(pnl).as("seed %d", seed).isCloseTo(eq[eq.length - 1] - 10_000, within(1e-6));
        assertThat(res.stats().commissions()).isGreaterThanOrEqualTo(0);
        for (ClosedTrade t : res.trades()) {
            assertThat(t.exitBar()).isGreaterThanOrEqualTo(t.entryBar());
            assertThat(t.pnl()).isCloseTo(t.size() * (t.exitPrice() - t.entryPrice()) - t.commission(), within(1e-9));
        }
    }

    static LongStream someSeeds() {
        return LongStream.range(0, 10);
    }

    @ParameterizedTest
    @MethodSource("someSeeds")
    void aRunIsReplayedExactlyFromItsOptions(long seed) {
        CandleSeries s = TestBars.randomWalk(seed, 300, TestBars.DAY);
        BacktestResult a = Engine.run(s, randomTrader(seed), options(seed));
        BacktestResult b = Engine.run(s, randomTrader(seed), a.options());
        assertThat(b.trades()).isEqualTo(a.trades());
        assertThat(b.equity()).containsExactly(a.equity());
    }
}
