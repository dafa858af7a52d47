package dev.backtest.sdk.engine;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.backtest.sdk.BacktestException;
import dev.backtest.sdk.ErrorCode;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one run: statistics, closed trades, equity and drawdown curves aligned to the bars, the run
 * log (warnings such as cancelled orders), the options used (to replay the run) and the warm-up {@code w}.
 * {@link #toJson()} gives {@code {"stats": {...}, "trades": [...], "options": {...}}} with snake_case names and
 * {@code null} for undefined (NaN) values; the curves are left out of the JSON (they are per bar).
 *
 * <pre>{@code
 * BacktestResult r = Engine.run(series, Strategies.smaCross(10, 30), RunOptions.defaults());
 * String json = r.toJson();
 * double[] equity = r.equity();
 * }</pre>
 */
public record BacktestResult(Stats stats, List<ClosedTrade> trades, double[] equity, double[] drawdown, List<String> runLog,
                             RunOptions options, int warmup) {

    /**
     * Writes this run's self-contained HTML report (statistics, equity with buy-and-hold, drawdown,
     * candles with trades, trades table). The result does not keep the bars, so pass the series the
     * run was made on.
     *
     * <pre>{@code
     * BacktestResult r = client.engine().run(btc, Strategies.smaCross(10, 30), options);
     * r.writeHtml(Path.of("report.html"), btc);
     * }</pre>
     */
    public void writeHtml(java.nio.file.Path file, dev.backtest.sdk.marketdata.CandleSeries bars) {
        dev.backtest.sdk.report.HtmlReport.write(dev.backtest.sdk.report.ReportData.of(
                bars.symbol() + " " + bars.timeframe().code() + " backtest", bars, this), file);
    }

    /** The JSON document as a tree: {@code stats}, {@code trades}, {@code options}, {@code run_log}. */
    public JsonNode toJsonNode() {
        return mapper().valueToTree(jsonView());
    }

    public String toJson() {
        try {
            return mapper().writeValueAsString(jsonView());
        } catch (JsonProcessingException e) {
            throw new BacktestException(ErrorCode.INTERNAL, "cannot write backtest result as JSON", e);
        }
    }

    /** A Jackson-friendly view (ordered map); serialise with a mapper that has {@link #jsonModule()}. */
    public Map<String, Object> jsonView() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stats", stats);
        m.put("trades", trades);
        m.put("options", options);
        m.put("run_log", runLog);
        m.put("warmup", warmup);
        return m;
    }

    /** Jackson module writing non-finite doubles as {@code null}. */
    public static SimpleModule jsonModule() {
        SimpleModule module = new SimpleModule("backtest-engine");
        NonFiniteAsNull s = new NonFiniteAsNull();
        module.addSerializer(Double.class, s);
        module.addSerializer(double.class, s);
        return module;
    }

    private static ObjectMapper mapper() {
        return new ObjectMapper().registerModule(jsonModule());
    }

    private static final class NonFiniteAsNull extends StdSerializer<Double> {
        private static final long serialVersionUID = 1L;

        NonFiniteAsNull() {
            super(Double.class);
        }

        @Override
        public void serialize(Double value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (value == null || value.isNaN() || value.isInfinite()) {
                gen.writeNull();
            } else {
                gen.writeNumber(value);
            }
        }
    }
}
