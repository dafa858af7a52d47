package dev.backtest.sdk.portfolio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.Sweep;
import dev.backtest.engine.Timeframe;
import dev.backtest.engine.portfolio.Asset;
import dev.backtest.engine.portfolio.Investment;
import dev.backtest.engine.portfolio.MarketCaps;
import dev.backtest.engine.portfolio.Portfolio;
import dev.backtest.engine.portfolio.PortfolioOptions;
import dev.backtest.engine.portfolio.PortfolioResult;
import dev.backtest.engine.portfolio.PortfolioSweepResult;
import dev.backtest.engine.portfolio.Schedule;
import dev.backtest.engine.portfolio.SimulationResult;
import dev.backtest.engine.portfolio.Weighting;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.error.FieldError;
import dev.backtest.sdk.BacktestClient;
import dev.backtest.sdk.report.Reports;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@code client.portfolios()} on the embedded defaults with the sample candles (BTC, ETH, EURUSD, 2023–2024, real
 * Parquet files): the same numbers as the engine given the same candles fetched one by one, FX as a symbol of the
 * store, simulations and sweeps, and every bad input refused before any candle is read.
 */
class PortfolioQueryIT {

    @TempDir
    static Path dir;
    private static BacktestClient client;

    private static final LocalDate FROM = LocalDate.of(2023, 3, 1);
    private static final LocalDate TO = LocalDate.of(2024, 6, 30);
    private static final PortfolioOptions MONTHLY_EQUAL = PortfolioOptions.builder().cash(100_000)
            .weighting(Weighting.equal()).schedule(Schedule.monthly()).benchmark("BTC").build();

    @BeforeAll
    static void open() {
        client = BacktestClient.builder().ignoreEnvironment().embedded(dir).sampleData(true).build();
    }

    @AfterAll
    static void close() {
        client.close();
    }

    private static CandleSeries daily(String symbol) {
        return client.candles().symbol(symbol).between(FROM, TO).timeframe(Timeframe.D1).fetch();
    }

    @Test
    void aRunThroughTheClientEqualsTheEngineOnTheSameCandles() {
        PortfolioResult viaClient = client.portfolios().symbols("BTC", "ETH").between(FROM, TO).timeframe("1d")
                .options(MONTHLY_EQUAL).run();
        PortfolioResult direct = Portfolio.builder().asset(Asset.of("BTC", daily("BTC"))).asset(Asset.of("ETH", daily("ETH")))
                .options(MONTHLY_EQUAL).build().run();

        assertThat(viaClient.symbols()).containsExactly("BTC", "ETH");
        assertThat(viaClient.time()).containsExactly(direct.time());
        assertThat(viaClient.equity()).containsExactly(direct.equity());
        assertThat(viaClient.fills()).isEqualTo(direct.fills());
        assertThat(viaClient.stats()).isEqualTo(direct.stats());
        // 16 months: one decision at the end of each month that has a later bar, the first one included
        assertThat(viaClient.stats().rebalances()).isEqualTo(16);
        assertThat(viaClient.stats().benchmarkReturnPct()).isFinite();
    }

    @Test
    void anAssetInAnotherCurrencyIsConvertedWithAnFxSymbolOfTheStore() {
        PortfolioOptions options = PortfolioOptions.builder().cash(100_000).weighting(Weighting.equal())
                .schedule(Schedule.monthly()).build();
        PortfolioResult viaClient = client.portfolios().symbols("BTC", "ETH").currency("ETH", "EUR").fx("EUR", "EURUSD")
                .between(FROM, TO).timeframe(Timeframe.D1).options(options).run();
        PortfolioResult direct = Portfolio.builder().asset(Asset.of("BTC", daily("BTC")))
                .asset(Asset.of("ETH", daily("ETH")).inCurrency("EUR")).fx("EUR", daily("EURUSD")).options(options).build().run();
        PortfolioResult unconverted = client.portfolios().symbols("BTC", "ETH").between(FROM, TO).timeframe(Timeframe.D1)
                .options(options).run();

        assertThat(viaClient.equity()).containsExactly(direct.equity());
        assertThat(viaClient.equity()[viaClient.equity().length - 1])
                .isNotEqualTo(unconverted.equity()[unconverted.equity().length - 1]);
    }

    @Test
    void marketCapsAreInputsOfTheRun() {
        long[] time = {FROM.atStartOfDay().toEpochSecond(java.time.ZoneOffset.UTC)};
        PortfolioOptions byCap = PortfolioOptions.builder().weighting(Weighting.marketCap()).schedule(Schedule.monthly()).build();
        PortfolioResult r = client.portfolios().symbols("BTC", "ETH").between(FROM, TO).timeframe(Timeframe.D1).options(byCap)
                .marketCaps("BTC", MarketCaps.of(time, new double[] {3e11}))
                .marketCaps("ETH", MarketCaps.of(time, new double[] {1e11})).run();

        // the first decision splits by the caps 3 : 1
        assertThat(r.allocations().get(0).targetWeight() + r.allocations().get(1).targetWeight()).isCloseTo(1.0, within());
        assertThat(r.allocations()).filteredOn(a -> a.decisionTime() == r.allocations().get(0).decisionTime())
                .extracting(a -> a.symbol() + "=" + Math.round(a.targetWeight() * 100))
                .containsExactlyInAnyOrder("BTC=75", "ETH=25");
    }

    @Test
    void aSimulationInvestsTheAmountAndEachContribution() {
        Investment investment = Investment.of(LocalDate.of(2023, 6, 1), 10_000).monthly(500);
        SimulationResult viaClient = client.portfolios().symbols("BTC", "ETH").between(FROM, TO).timeframe(Timeframe.D1)
                .options(MONTHLY_EQUAL).simulate(investment);
        SimulationResult direct = Portfolio.builder().asset(Asset.of("BTC", daily("BTC"))).asset(Asset.of("ETH", daily("ETH")))
                .options(MONTHLY_EQUAL).build().simulate(investment);

        // June 2023 to June 2024: twelve later months, 500 each
        assertThat(viaClient.totalContributions()).isEqualTo(12 * 500.0);
        assertThat(viaClient.totalInvested()).isEqualTo(16_000.0);
        assertThat(viaClient.finalValue()).isEqualTo(direct.finalValue());
        assertThat(viaClient.moneyWeightedReturnPct()).isEqualTo(direct.moneyWeightedReturnPct());
    }

    @Test
    void aSweepRanksLikeRunningEachCombination() {
        Map<String, List<?>> grid = new LinkedHashMap<>();
        grid.put("max_weight", List.of(0.3, 0.5, 1.0));
        PortfolioQuery q = client.portfolios().symbols("BTC", "ETH", "EURUSD").between(FROM, TO).timeframe(Timeframe.D1)
                .options(MONTHLY_EQUAL);
        PortfolioSweepResult sweep = q.sweep(Sweep.of(grid).metric("sharpe_ratio").top(3));

        assertThat(sweep.evaluated()).isEqualTo(3);
        for (PortfolioSweepResult.Entry e : sweep.best()) {
            double cap = ((Number) e.params().get("max_weight")).doubleValue();
            PortfolioResult alone = q.options(MONTHLY_EQUAL.toBuilder().maxWeight(cap).build()).run();
            assertThat(e.metric()).isEqualTo(alone.stats().sharpeRatio());
        }
        assertThat(sweep.best()).extracting(PortfolioSweepResult.Entry::metric).isSortedAccordingTo((a, b) -> Double.compare(b, a));
    }

    @Test
    void theJsonFormListsStatisticsAllocationsTradesAndEquity() throws Exception {
        PortfolioResult r = client.portfolios().symbols("BTC", "ETH").between(FROM, TO).timeframe(Timeframe.D1)
                .options(PortfolioOptions.builder().weighting(Weighting.equal()).schedule(Schedule.monthly()).build()).run();
        JsonNode json = new ObjectMapper().readTree(Reports.json(r));

        assertThat(json.fieldNames()).toIterable().containsExactly("stats", "allocations", "trades", "equity");
        assertThat(json.path("stats").path("beta").isNull()).as("no benchmark: beta undefined").isTrue();
        assertThat(json.path("stats").path("start").asText()).isEqualTo("2023-03-01T00:00:00Z");
        JsonNode first = json.path("allocations").get(0);
        assertThat(first.fieldNames()).toIterable()
                .containsExactly("decision_time", "fill_time", "symbol", "target_weight", "weight", "units", "price");
        assertThat(first.path("target_weight").asDouble()).isEqualTo(0.5);
        assertThat(json.path("trades").get(0).path("side").asText()).isEqualTo("buy");
        assertThat(json.path("trades")).hasSize(r.fills().size());
        assertThat(json.path("equity").path("time")).hasSize(r.time().length);
        assertThat(json.path("equity").path("equity").get(r.time().length - 1).asDouble())
                .isEqualTo(r.equity()[r.time().length - 1]);
    }

    @Test
    void everyMissingOrInconsistentFieldIsReportedBeforeAnyCandleIsRead() {
        BacktestException e = catchThrowableOfType(BacktestException.class, () -> client.portfolios()
                .marketCaps("SOL", MarketCaps.of(new long[] {0}, new double[] {1})).currency("XRP", "EUR").portfolio());
        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        @SuppressWarnings("unchecked")
        List<FieldError> errors = (List<FieldError>) e.details().get("errors");
        assertThat(errors).extracting(FieldError::field)
                .containsExactly("symbols", "start_date", "timeframe", "market_caps.SOL", "currencies.XRP");
    }

    @Test
    void anUnknownBenchmarkOrSymbolIsRefusedWithItsCode() {
        BacktestException benchmark = catchThrowableOfType(BacktestException.class, () -> client.portfolios()
                .symbols("BTC", "ETH").between(FROM, TO).timeframe(Timeframe.D1)
                .options(MONTHLY_EQUAL.toBuilder().benchmark("SPY").build()).run());
        assertThat(benchmark.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(benchmark.getMessage()).contains("benchmark").contains("SPY");

        BacktestException missing = catchThrowableOfType(BacktestException.class, () -> client.portfolios()
                .symbols("BTC", "NODATA").between(FROM, TO).timeframe(Timeframe.D1).run());
        assertThat(missing.code()).isEqualTo(ErrorCode.SYMBOL_NOT_FOUND);

        BacktestException symbol = catchThrowableOfType(BacktestException.class, () -> client.portfolios().symbols("btc/.."));
        assertThat(symbol.code()).isEqualTo(ErrorCode.INVALID_SYMBOL);
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-12);
    }
}
