package dev.backtest.engine.portfolio;

import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.Timeframe;

import java.lang.management.ManagementFactory;
import java.time.LocalDate;
import java.util.Random;

/**
 * Not a test: a portfolio of 500 assets × 5 000 daily bars (seeded random walks on one weekday calendar), rebalanced
 * monthly with equal weights and with inverse volatility (lookback 60), commission 0.001, fractional units.
 *
 * <p>For each weighting it measures, as the best of {@code REPS} timed runs after {@code WARMUP} untimed ones in one
 * JVM, taken round-robin so that load from other processes falls on all alike: {@code Portfolio.run()} (the loop,
 * the result with its fills, allocations and decisions, and the statistics); the statistics-only run a sweep makes;
 * and a hand-written loop doing the same arithmetic on the same arrays (same timeline, same decisions, same fills:
 * sells first, buys scaled to the cash). It checks that the engine and the hand loop end with the same equity to
 * 1e-9 relative (exit status 1 otherwise), and reports the bytes a run allocates per asset-bar (ThreadMXBean). See
 * BENCHMARKS.md for how to run it and the figures.
 */
public final class PortfolioBenchmark {

    private static final int ASSETS = 500;
    private static final int BARS = 5_000;
    private static final int LOOKBACK = 60;
    private static final double COMMISSION = 0.001;
    private static final double CASH = 1_000_000;
    private static final int WARMUP = 10;
    private static final int REPS = 25;

    private PortfolioBenchmark() {
    }

    public static void main(String[] args) {
        int assets = args.length > 0 ? Integer.parseInt(args[0]) : ASSETS;
        int bars = args.length > 1 ? Integer.parseInt(args[1]) : BARS;
        long[] time = PortfolioData.weekdays(0, bars * 7 / 5 + 7);
        time = java.util.Arrays.copyOf(time, bars);
        Portfolio.Builder b = Portfolio.builder();
        for (int k = 0; k < assets; k++) {
            b.asset("S" + k, walk(k, time));
        }
        Portfolio base = b.options(PortfolioOptions.builder().cash(CASH).commission(COMMISSION).schedule(Schedule.monthly()).build())
                .build();
        System.out.printf("portfolio: %d assets x %,d daily bars (%,d asset-bars), monthly, JVM %s, %d cores%n", assets, bars,
                (long) assets * bars, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        boolean ok = true;
        for (Weighting w : new Weighting[] {Weighting.equal(), Weighting.inverseVolatility(LOOKBACK)}) {
            Portfolio p = base.with(base.options().toBuilder().weighting(w).build());
            double[] engineEquity = new double[1];
            double[] handEquity = new double[1];
            double[] sec = best(
                    () -> engineEquity[0] = last(p.run().equity()),
                    () -> p.stats(BuiltInWeighting.of(w, universeOf(p))),
                    () -> handEquity[0] = handLoop(p, w instanceof Weighting.InverseVolatility ? LOOKBACK : 0));
            double engineSec = sec[0];
            double statsSec = sec[1];
            double handSec = sec[2];
            long bytes = allocated(p::run);
            long statsBytes = allocated(() -> p.stats(BuiltInWeighting.of(w, universeOf(p))));
            PortfolioResult r = p.run();
            double rel = Math.abs(engineEquity[0] - handEquity[0]) / Math.abs(handEquity[0]);
            double assetBars = (double) assets * bars;
            System.out.printf("%n%s: %d rebalances, %,d fills, final equity engine %.6f, hand loop %.6f (relative difference %.1e)%n",
                    w, r.stats().rebalances(), r.fills().size(), engineEquity[0], handEquity[0], rel);
            System.out.printf("  %-44s %9.2f ms  %6.1f M asset-bars/s  %6.2f bytes/asset-bar%n", "engine: Portfolio.run() (result + stats)",
                    engineSec * 1e3, assetBars / engineSec / 1e6, bytes / assetBars);
            System.out.printf("  %-44s %9.2f ms  %6.1f M asset-bars/s  %6.2f bytes/asset-bar%n", "engine: statistics only (as a sweep runs)",
                    statsSec * 1e3, assetBars / statsSec / 1e6, statsBytes / assetBars);
            System.out.printf("  %-44s %9.2f ms  %6.1f M asset-bars/s%n", "hand loop over double[] (equity only)", handSec * 1e3,
                    assetBars / handSec / 1e6);
            System.out.printf("  ratio engine / hand loop: %.2fx (statistics only: %.2fx); goal <= 3x%n", engineSec / handSec,
                    statsSec / handSec);
            if (!(rel <= 1e-9)) {
                System.out.println("  FINAL EQUITY DIFFERS");
                ok = false;
            }
        }
        if (!ok) {
            System.exit(1);
        }
    }

    private static Universe universeOf(Portfolio p) {
        try {
            var f = Portfolio.class.getDeclaredField("universe");
            f.setAccessible(true);
            return (Universe) f.get(p);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A geometric random walk at {@code time}: open near the previous close, 1.5 % daily volatility. */
    private static CandleSeries walk(long seed, long[] time) {
        Random r = new Random(seed);
        int n = time.length;
        double[] o = new double[n];
        double[] h = new double[n];
        double[] l = new double[n];
        double[] c = new double[n];
        double price = 20 + r.nextInt(200);
        for (int i = 0; i < n; i++) {
            o[i] = price * Math.exp(r.nextGaussian() * 0.003);
            c[i] = o[i] * Math.exp(r.nextGaussian() * 0.015);
            h[i] = Math.max(o[i], c[i]) * 1.002;
            l[i] = Math.min(o[i], c[i]) * 0.998;
            price = c[i];
        }
        return CandleSeries.of("S" + seed, Timeframe.D1, time, o, h, l, c, new double[n]);
    }

    private static double last(double[] a) {
        return a[a.length - 1];
    }

    /** Each task's fastest time in seconds over {@code REPS} rounds (after {@code WARMUP}), the tasks taken in turn. */
    private static double[] best(Runnable... tasks) {
        for (int k = 0; k < WARMUP; k++) {
            for (Runnable task : tasks) {
                task.run();
            }
        }
        double[] best = new double[tasks.length];
        java.util.Arrays.fill(best, Double.MAX_VALUE);
        for (int k = 0; k < REPS; k++) {
            for (int j = 0; j < tasks.length; j++) {
                long t0 = System.nanoTime();
                tasks[j].run();
                best[j] = Math.min(best[j], (System.nanoTime() - t0) / 1e9);
            }
        }
        return best;
    }

    private static long allocated(Runnable task) {
        var bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        task.run();
        long before = bean.getThreadAllocatedBytes(id);
        task.run();
        return bean.getThreadAllocatedBytes(id) - before;
    }

    /**
     * The portfolio semantics written out for this one case: all assets on one calendar, so every order fills at the
     * next bar. Decisions at the first time with inputs (index 0 for equal weights, {@code lookback} for inverse
     * volatility) and at the last time of each month but the last time; at the next open, V = cash + Σ u·open, target
     * units w·V/open, sells first, then buys scaled by cash/cost when they cost more, commission on both; equity
     * cash + Σ u·close at every time. Returns the final equity.
     */
    static double handLoop(Portfolio p, int lookback) {
        int k = p.assets().size();
        long[] time = p.assets().get(0).bars().time();
        int n = time.length;
        double[][] open = new double[k][];
        double[][] close = new double[k][];
        for (int a = 0; a < k; a++) {
            open[a] = p.assets().get(a).bars().open();
            close[a] = p.assets().get(a).bars().close();
        }
        boolean[] monthEnd = new boolean[n];
        int month = LocalDate.ofEpochDay(time[0] / 86_400).getMonthValue();
        for (int i = 0; i < n - 1; i++) {
            int next = LocalDate.ofEpochDay(time[i + 1] / 86_400).getMonthValue();
            monthEnd[i] = next != month;
            month = next;
        }
        double c = COMMISSION;
        double cash = CASH;
        double[] units = new double[k];
        double[] w = new double[k];
        double[] d = new double[k];
        double[] r = new double[Math.max(lookback, 1)];
        double[] equity = new double[n];
        boolean pending = false;
        for (int i = 0; i < n; i++) {
            if (pending) {
                double v = cash;
                for (int a = 0; a < k; a++) {
                    v += units[a] * open[a][i];
                }
                double negligible = 1e-9 * v;
                double cost = 0;
                for (int a = 0; a < k; a++) {
                    double target = w[a] * v / open[a][i];
                    double delta = target - units[a];
                    d[a] = 0;
                    if (Math.abs(delta) * open[a][i] < negligible) {
                        continue;
                    }
                    d[a] = delta;
                    if (delta < 0) {
                        cash += -delta * open[a][i] * (1 - c);
                        units[a] = target;
                    } else {
                        cost += delta * open[a][i] * (1 + c);
                    }
                }
                double scale = cost > cash ? Math.max(cash, 0) / cost : 1;
                for (int a = 0; a < k; a++) {
                    if (d[a] > 0) {
                        double delta = d[a] * scale;
                        if (scale < 1 && delta * open[a][i] < negligible) {
                            continue;
                        }
                        cash -= delta * open[a][i] * (1 + c);
                        units[a] = scale < 1 ? units[a] + delta : w[a] * v / open[a][i];
                    }
                }
                if (cash < 0) {
                    cash = 0;
                }
                pending = false;
            }
            double e = cash;
            for (int a = 0; a < k; a++) {
                e += units[a] * close[a][i];
            }
            equity[i] = e;
            if (i < n - 1 && (i == lookback || i > lookback && monthEnd[i])) {
                if (lookback == 0) {
                    double each = 1.0 / k;
                    for (int a = 0; a < k; a++) {
                        w[a] = each;
                    }
                } else {
                    double total = 0;
                    for (int a = 0; a < k; a++) {
                        double sum = 0;
                        for (int j = 0; j < lookback; j++) {
                            int bar = i - lookback + 1 + j;
                            r[j] = close[a][bar] / close[a][bar - 1] - 1;
                            sum += r[j];
                        }
                        double mean = sum / lookback;
                        double ss = 0;
                        for (int j = 0; j < lookback; j++) {
                            ss += (r[j] - mean) * (r[j] - mean);
                        }
                        w[a] = 1 / Math.sqrt(ss / (lookback - 1));
                        total += w[a];
                    }
                    for (int a = 0; a < k; a++) {
                        w[a] = w[a] / total;
                    }
                }
                pending = true;
            }
        }
        return equity[n - 1];
    }
}
