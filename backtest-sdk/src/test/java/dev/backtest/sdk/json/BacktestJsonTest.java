package dev.backtest.sdk.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backtest.engine.BacktestResult;
import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.Engine;
import dev.backtest.engine.RunOptions;
import dev.backtest.engine.Stats;
import dev.backtest.engine.Timeframe;
import dev.backtest.engine.strategies.Strategies;
import dev.backtest.sdk.asset.AssetClass;
import dev.backtest.sdk.asset.AssetView;
import dev.backtest.sdk.index.IndexCurrent;
import dev.backtest.sdk.report.Reports;
import dev.backtest.sdk.run.RunStatus;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BacktestJsonTest {

    private static final long MONDAY = 1_704_067_200L;
    private final ObjectMapper json = BacktestJson.newMapper();

    /** Daily bars of a seeded random walk from 2024-01-01. */
    static CandleSeries randomWalk(long seed, int n) {
        Random random = new Random(seed);
        long[] t = new long[n];
        double[] o = new double[n], h = new double[n], l = new double[n], c = new double[n], v = new double[n];
        double price = 100;
        for (int i = 0; i < n; i++) {
            t[i] = MONDAY + i * 86_400L;
            o[i] = price;
            c[i] = price * Math.exp(random.nextGaussian() * 0.02);
            h[i] = Math.max(o[i], c[i]) * 1.005;
            l[i] = Math.min(o[i], c[i]) * 0.995;
            v[i] = 1000;
            price = c[i];
        }
        return CandleSeries.of("WALK", Timeframe.D1, t, o, h, l, c, v);
    }

    @Test
    void statisticsAreWrittenUnderTheSpecNamesInTheirOrder() throws Exception {
        BacktestResult r = Engine.run(randomWalk(3, 300), Strategies.smaCross(5, 20), RunOptions.builder().finalizeTrades(true).build());
        JsonNode doc = json.readTree(Reports.json(r));
        List<String> names = new ArrayList<>();
        doc.get("stats").fieldNames().forEachRemaining(names::add);
        assertThat(names).isEqualTo(Stats.NAMES);
        assertThat(doc.get("stats").get("start").asText()).isEqualTo("2024-01-01T00:00:00Z");
        assertThat(doc.get("stats").get("trades").isInt()).isTrue();
        assertThat(doc.get("stats").get("trades").asInt()).isEqualTo(r.trades().size()).isPositive();
        assertThat(doc.get("stats").get("sharpe_ratio").asDouble()).isEqualTo(r.stats().sharpeRatio());

        JsonNode t = doc.get("trades").get(0);
        List<String> tradeNames = new ArrayList<>();
        t.fieldNames().forEachRemaining(tradeNames::add);
        assertThat(tradeNames).containsExactly("size", "entry_bar", "exit_bar", "entry_price", "exit_price", "entry_time",
                "exit_time", "commission", "pnl", "return_pct", "duration_days");
        assertThat(t.get("entry_time").asText()).endsWith("T00:00:00Z");
        assertThat(t.get("duration_days").asDouble()).isEqualTo(r.trades().get(0).durationDays());
        assertThat(doc.get("options").has("finalize_trades")).isTrue();
        assertThat(doc.get("options").get("fixed_commission").asDouble()).isZero();
        assertThat(doc.get("warmup").asInt()).isEqualTo(19);
    }

    @Test
    void undefinedStatisticsAreNullInJson() throws Exception {
        BacktestResult r = Engine.run(randomWalk(1, 50), Strategies.buyAndHold(), RunOptions.defaults());
        assertThat(r.stats().winRatePct()).isNaN();
        JsonNode stats = json.readTree(Reports.json(r)).get("stats");
        assertThat(stats.get("win_rate_pct").isNull()).isTrue();
        assertThat(stats.get("sqn").isNull()).isTrue();
        assertThat(json.writeValueAsString(Double.NaN)).isEqualTo("null");
        assertThat(json.writeValueAsString(List.of(1.5, Double.POSITIVE_INFINITY))).isEqualTo("[1.5,null]");
    }

    @Test
    void runOptionsGoThereAndBack() throws Exception {
        RunOptions o = RunOptions.builder().cash(25_000).commission(0.0005).fixedCommission(1).spread(0.0002).slippageBps(3)
                .tradeOnClose(true).exclusiveOrders(true).finalizeTrades(true).fractionalUnits(true).riskFreeRate(0.02).build();
        String text = json.writeValueAsString(o);
        assertThat(text).contains("\"fixed_commission\":1.0", "\"slippage_bps\":3.0", "\"risk_free_rate\":0.02");
        assertThat(json.readValue(text, RunOptions.class)).isEqualTo(o);
    }

    @Test
    void assetClassesRunStatusesAndTheIndexChangesHaveTheirWireNames() throws Exception {
        AssetView asset = new AssetView("BTC", "Bitcoin", AssetClass.CRYPTO, null, "USD", null, true, null, null);
        JsonNode a = json.readTree(json.writeValueAsString(asset));
        assertThat(a.get("asset_class").asText()).isEqualTo("crypto");
        assertThat(json.readValue(json.writeValueAsString(asset), AssetView.class)).isEqualTo(asset);
        assertThat(json.writeValueAsString(RunStatus.QUEUED)).isEqualTo("\"queued\"");
        assertThat(json.readValue("\"cancelled\"", RunStatus.class)).isEqualTo(RunStatus.CANCELLED);
        assertThatThrownBy(() -> json.readValue("\"CRYPTO\"", AssetClass.class)).hasMessageContaining("asset_class");

        IndexCurrent now = new IndexCurrent(UUID.randomUUID(), UUID.randomUUID(), LocalDate.of(2024, 3, 1), 1050, 0.5, -1.25,
                Double.NaN, List.of());
        JsonNode c = json.readTree(json.writeValueAsString(now));
        List<String> names = new ArrayList<>();
        c.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactlyInAnyOrder("index_id", "run_id", "date", "value", "change_1d_pct", "change_1m_pct",
                "change_ytd_pct", "allocations");
        assertThat(c.get("change_1d_pct").asDouble()).isEqualTo(0.5);
        assertThat(c.get("change_1m_pct").asDouble()).isEqualTo(-1.25);
        assertThat(c.get("change_ytd_pct").isNull()).isTrue();
    }
}
