package dev.backtest.sdk.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backtest.sdk.page.Page;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * The results of the latest completed run of a backtest: the engine's statistics (JSON names of
 * docs/engine.md, {@code null} where undefined), the equity curve reduced to at most the requested
 * number of points, and one page of the closed trades in the order the engine closed them.
 *
 * <pre>{@code
 * RunResults r = client.runs().results(me, backtestId, 500, PageRequest.first(50));
 * double sharpe = r.stats().path("sharpe_ratio").asDouble(Double.NaN);
 * }</pre>
 */
public record RunResults(UUID runId, UUID backtestId, int barCount, JsonNode stats, EquityCurve equity, Page<TradeRow> trades) {

    /**
     * Columns of the equity curve: bar time (epoch seconds), equity and drawdown (a fraction, 0.1 = 10 % below the peak).
     * {@code barIndex} says which bar each point is, so a reduced curve can be matched with trades.
     */
    public record EquityCurve(int[] barIndex, long[] time, double[] equity, double[] drawdown) {
    }

    /** One closed trade of the run; {@code returnPct} is a fraction as in the engine. */
    public record TradeRow(int seq, BigDecimal size, int entryBar, int exitBar, OffsetDateTime entryTime, OffsetDateTime exitTime,
                           BigDecimal entryPrice, BigDecimal exitPrice, BigDecimal commission, BigDecimal pnl, double returnPct) {
    }
}
