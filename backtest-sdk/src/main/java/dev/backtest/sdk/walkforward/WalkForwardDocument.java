package dev.backtest.sdk.walkforward;

import dev.backtest.engine.WalkForwardResult;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of a {@link WalkForwardResult}, as the {@code walkforward} command prints it and a stored
 * walk-forward keeps it (snake_case keys, times ISO-8601, undefined numbers null).
 *
 * <pre>{@code
 * Map<String, Object> doc = WalkForwardDocument.of(result, true);
 * String json = BacktestJson.newMapper().writeValueAsString(doc);
 * }</pre>
 */
public final class WalkForwardDocument {

    private WalkForwardDocument() {
    }

    /**
     * The document of {@code r}: {@code mode, train_bars, test_bars, step, metric, windows[...], out_of_sample}
     * (the statistics' JSON form), {@code mean_in_sample_return_ann_pct, efficiency} and, with {@code equity}, the
     * stitched curve as {@code equity: {time: [ISO-8601...], equity: [...]}}; undefined numbers are null.
     */
    public static Map<String, Object> of(WalkForwardResult r, boolean equity) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("mode", r.mode().wire());
        doc.put("train_bars", r.trainBars());
        doc.put("test_bars", r.testBars());
        doc.put("step", r.step());
        doc.put("metric", r.metric());
        List<Map<String, Object>> windows = new ArrayList<>();
        for (WalkForwardResult.Window w : r.windows()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("index", w.index());
            m.put("train_first", w.trainFirst());
            m.put("train_last", w.trainLast());
            m.put("train_start", Instant.ofEpochSecond(w.trainStart()).toString());
            m.put("train_end", Instant.ofEpochSecond(w.trainEnd()).toString());
            m.put("test_first", w.testFirst());
            m.put("test_last", w.testLast());
            m.put("test_start", Instant.ofEpochSecond(w.testStart()).toString());
            m.put("test_end", Instant.ofEpochSecond(w.testEnd()).toString());
            m.put("params", w.params());
            m.put("in_sample_metric", finite(w.inSampleMetric()));
            m.put("out_of_sample_metric", finite(w.outOfSampleMetric()));
            m.put("in_sample_return_ann_pct", finite(w.inSampleReturnAnnPct()));
            m.put("out_of_sample_return_ann_pct", finite(w.outOfSampleReturnAnnPct()));
            m.put("out_of_sample_trades", w.outOfSampleTrades());
            m.put("start_equity", w.startEquity());
            m.put("end_equity", w.endEquity());
            m.put("efficiency", finite(w.efficiency()));
            windows.add(m);
        }
        doc.put("windows", windows);
        doc.put("out_of_sample", r.outOfSample());
        doc.put("mean_in_sample_return_ann_pct", finite(r.meanInSampleReturnAnnPct()));
        doc.put("efficiency", finite(r.efficiency()));
        if (equity) {
            List<String> times = new ArrayList<>(r.time().length);
            for (long t : r.time()) {
                times.add(Instant.ofEpochSecond(t).toString());
            }
            List<Double> values = new ArrayList<>(r.equity().length);
            for (double v : r.equity()) {
                values.add(v);
            }
            Map<String, Object> curve = new LinkedHashMap<>();
            curve.put("time", times);
            curve.put("equity", values);
            doc.put("equity", curve);
        }
        return doc;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

}
