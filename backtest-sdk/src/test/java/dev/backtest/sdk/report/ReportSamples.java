package dev.backtest.sdk.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** A deterministic report input: a random walk, an equity curve following some trades, their drawdown. */
final class ReportSamples {

    private ReportSamples() {
    }

    static ReportData sample(int bars, int trades, String title) {
        SplittableRandom r = new SplittableRandom(7);
        long[] t = new long[bars];
        double[] o = new double[bars];
        double[] h = new double[bars];
        double[] l = new double[bars];
        double[] c = new double[bars];
        double[] eq = new double[bars];
        double[] dd = new double[bars];
        double p = 100;
        for (int i = 0; i < bars; i++) {
            t[i] = 1_704_067_200L + i * 3600L;
            o[i] = p;
            p *= Math.exp(0.01 * r.nextGaussian());
            c[i] = p;
            h[i] = Math.max(o[i], c[i]) * (1 + 0.002 * r.nextDouble());
            l[i] = Math.min(o[i], c[i]) * (1 - 0.002 * r.nextDouble());
        }
        List<ReportData.Trade> list = new ArrayList<>();
        double equity = 10_000;
        int step = Math.max(2, bars / Math.max(1, trades * 2));
        int next = 1;
        for (int k = 0; k < trades && next + step < bars; k++) {
            int entry = next;
            int exit = entry + step;
            double size = k % 2 == 0 ? 10 : -10;
            double pnl = size * (o[exit] - o[entry]);
            list.add(new ReportData.Trade(t[entry], t[exit], size, o[entry], o[exit], pnl, Math.signum(size) * (o[exit] / o[entry] - 1)));
            next = exit + step;
        }
        double peak = equity;
        for (int i = 0; i < bars; i++) {
            equity *= 1 + 0.004 * (c[i] / o[i] - 1) * 50;
            eq[i] = equity;
            peak = Math.max(peak, equity);
            dd[i] = (equity / peak - 1) * 100;
        }
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("return_pct", (eq[bars - 1] / 10_000 - 1) * 100);
        stats.put("sharpe_ratio", Double.NaN);
        stats.put("trades", list.size());
        return new ReportData(title, "BTC", "1h", t, o, h, l, c, eq, dd, stats, list);
    }
}
