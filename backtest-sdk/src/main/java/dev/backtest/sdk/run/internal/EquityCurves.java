package dev.backtest.sdk.run.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backtest.sdk.persistence.internal.StoredJson;
import dev.backtest.sdk.run.RunResults;

/** The stored equity curve ({@code {"time": [...], "equity": [...], "drawdown": [...]}}, one entry per bar) and its reduction. */
final class EquityCurves {

    private EquityCurves() {
    }

    static String write(long[] time, double[] equity, double[] drawdown) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        ArrayNode t = o.putArray("time");
        ArrayNode e = o.putArray("equity");
        ArrayNode d = o.putArray("drawdown");
        for (int i = 0; i < time.length; i++) {
            t.add(time[i]);
            e.add(equity[i]);
            d.add(drawdown[i]);
        }
        return StoredJson.write(o);
    }

    /**
     * At most {@code points} bars, evenly spaced over the curve, the first and the last always included;
     * a curve with no more bars than that is returned whole.
     */
    static RunResults.EquityCurve reduce(JsonNode curve, int points) {
        JsonNode t = curve.get("time");
        JsonNode e = curve.get("equity");
        JsonNode d = curve.get("drawdown");
        int n = t.size();
        int m = Math.min(n, points);
        int[] idx = new int[m];
        long[] time = new long[m];
        double[] equity = new double[m];
        double[] drawdown = new double[m];
        for (int k = 0; k < m; k++) {
            int i = m == 1 ? 0 : (int) Math.round((double) k * (n - 1) / (m - 1));
            idx[k] = i;
            time[k] = t.get(i).asLong();
            equity[k] = e.get(i).isNull() ? Double.NaN : e.get(i).asDouble();
            drawdown[k] = d.get(i).isNull() ? Double.NaN : d.get(i).asDouble();
        }
        return new RunResults.EquityCurve(idx, time, equity, drawdown);
    }
}
