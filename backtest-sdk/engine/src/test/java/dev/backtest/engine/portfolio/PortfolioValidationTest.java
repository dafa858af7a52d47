package dev.backtest.engine.portfolio;

import dev.backtest.engine.CandleSeries;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.error.FieldError;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.backtest.engine.portfolio.PortfolioData.bars;
import static dev.backtest.engine.portfolio.PortfolioData.day;
import static dev.backtest.engine.portfolio.PortfolioData.everyDay;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every input is checked with an error that names what is wrong and what is accepted. */
class PortfolioValidationTest {

    private static final CandleSeries GOOD = PortfolioData.randomWalk("G", 1, everyDay(0, 20), 0.01);

    @SuppressWarnings("unchecked")
    private static List<FieldError> errors(Throwable t) {
        BacktestException e = (BacktestException) t;
        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        return (List<FieldError>) e.details().get("errors");
    }

    @Test
    void badOptionsAreNamedTogether() {
        assertThatThrownBy(() -> PortfolioOptions.builder().cash(0).commission(0.1).maxWeight(0.0).threshold(1.0)
                .schedule(Schedule.everyN(0)).baseCurrency("U$D").benchmark(" ").build())
                .satisfies(t -> assertThat(errors(t)).extracting(FieldError::field)
                        .containsExactly("base_currency", "cash", "commission", "schedule", "max_weight", "threshold", "benchmark"))
                .hasMessageContaining("cash must be a finite number > 0; got 0.0")
                .hasMessageContaining("commission must be in [0, 0.1); got 0.1")
                .hasMessageContaining("max_weight must be in (0, 1] when given; got 0.0")
                .hasMessageContaining("every_n needs N >= 1; got 0");
        Map<String, Double> w = new LinkedHashMap<>();
        w.put("A", 0.7);
        w.put("B", 0.5);
        w.put("C", -0.1);
        w.put("D", null);
        assertThatThrownBy(() -> PortfolioOptions.builder().weighting(Weighting.fixed(w)).build())
                .satisfies(t -> assertThat(errors(t)).extracting(FieldError::field)
                        .containsExactly("weighting.weights.C", "weighting.weights.D", "weighting.weights"))
                .hasMessageContaining("must sum to at most 1 (the rest is cash); they sum to 1.2");
        assertThatThrownBy(() -> PortfolioOptions.builder().weighting(Weighting.fixed(null)).build())
                .hasMessageContaining("weighting.weights must give at least one weight");
        assertThatThrownBy(() -> PortfolioOptions.builder().weighting(Weighting.inverseVolatility(1)).build())
                .hasMessageContaining("weighting.lookback must be an integer >= 2");
        assertThatThrownBy(() -> PortfolioOptions.builder().weighting(null).schedule(null).build())
                .satisfies(t -> assertThat(errors(t)).extracting(FieldError::field).containsExactly("weighting", "schedule"));
        // 0.6 + 0.3 + 0.1 is 0.9999999999999999 or 1.0000000000000002 in binary: both fine
        PortfolioOptions.builder().weighting(Weighting.fixed(Map.of("A", 0.1, "B", 0.2, "C", 0.7))).build();
    }

    @Test
    void badAssetsAndOptionsThatDoNotFitThemAreNamedTogether() {
        MarketCaps unsorted = MarketCaps.of(new long[] {day(2), day(1)}, new double[] {1, 2});
        assertThatThrownBy(() -> Portfolio.builder()
                .asset("A", GOOD)
                .asset("A", GOOD)
                .asset(Asset.of(" ", GOOD))
                .asset(Asset.of("C", null).inCurrency("euro!"))
                .asset(Asset.of("D", GOOD).withMarketCaps(unsorted))
                .asset(Asset.of("E", GOOD).withMarketCaps(MarketCaps.of(new long[] {day(0)}, new double[] {-5})))
                .fx("EUR", null)
                .options(PortfolioOptions.builder().benchmark("SPY").weighting(Weighting.fixed(Map.of("Z", 0.5))).build())
                .build())
                .satisfies(t -> assertThat(errors(t)).extracting(FieldError::field).containsExactly(
                        "assets.A", "assets[2].symbol", "assets.C.bars", "assets.C.currency", "assets.D.market_caps",
                        "assets.E.market_caps", "fx.EUR", "benchmark", "weighting.weights.Z"))
                .hasMessageContaining("times must be strictly increasing")
                .hasMessageContaining("must be finite and > 0; value 0 is -5.0")
                .hasMessageContaining("benchmark must be the symbol of one of the assets [A,  , C, D, E]; got 'SPY'");
        assertThatThrownBy(() -> Portfolio.builder().build()).satisfies(t -> assertThat(errors(t)).extracting(FieldError::field)
                .containsExactly("assets"));
        assertThatThrownBy(() -> Portfolio.builder().asset("A", GOOD)
                .options(PortfolioOptions.builder().weighting(Weighting.marketCap()).build()).build())
                .hasMessageContaining("market_cap needs market caps for at least one asset");
    }

    @Test
    void barsAreCheckedAsTheSingleAssetEngineChecksThemNamingTheAsset() {
        CandleSeries nan = bars("X", everyDay(0, 3), new double[] {1, Double.NaN, 1}, new double[] {1, 1, 1});
        assertThatThrownBy(() -> Portfolio.builder().asset("A", GOOD).asset("X", nan).build())
                .isInstanceOfSatisfying(BacktestException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_BARS);
                    assertThat(e.getMessage()).isEqualTo("asset 'X': bar 1: open NaN is not a finite positive price");
                });
        CandleSeries one = bars("Y", everyDay(0, 1), new double[] {1}, new double[] {1});
        assertThatThrownBy(() -> Portfolio.builder().asset("Y", one).build())
                .hasMessage("asset 'Y': at least 2 bars are needed, got 1");
    }

    @Test
    void aStrategysWeightsAreChecked() {
        Portfolio p = Portfolio.builder().asset("A", GOOD).asset("B", GOOD).build();
        assertThatThrownBy(() -> p.run(ctx -> Map.of("A", 0.7, "B", 0.4)))
                .isInstanceOfSatisfying(BacktestException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ORDER);
                    assertThat(e.getMessage()).contains("sum to 1.1", "at most 1");
                });
        assertThatThrownBy(() -> p.run(ctx -> Map.of("A", 1.5))).hasMessageContaining("weight of 'A'").hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> p.run(ctx -> Map.of("A", Double.NaN))).hasMessageContaining("is NaN");
        assertThatThrownBy(() -> p.run(ctx -> Map.of("MSFT", 0.5))).isInstanceOfSatisfying(BacktestException.class, e -> {
            assertThat(e.getMessage()).contains("'MSFT'", "[A, B]");
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ORDER);
        });
        assertThatThrownBy(() -> p.run(ctx -> {
            ctx.price("MSFT");
            return null;
        })).hasMessageContaining("'MSFT' is not an asset of the portfolio; its assets: [A, B]");
    }
}
