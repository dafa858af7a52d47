package dev.backtest.engine.portfolio;

import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.Series;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;

import static dev.backtest.engine.portfolio.PortfolioData.bars;
import static dev.backtest.engine.portfolio.PortfolioData.day;
import static dev.backtest.engine.portfolio.PortfolioData.everyDay;
import static dev.backtest.engine.portfolio.PortfolioData.weekdays;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Assets in another currency, converted with the FX close at or before each time; refused without one. */
class PortfolioCurrencyTest {

    private static double[] constant(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }

    /** EUR in USD on weekdays 1..12 January: 1.10, 1.11, ... (a step of 0.01 a weekday). */
    private static CandleSeries eurUsd(int fromDay) {
        long[] t = weekdays(fromDay, 12);
        double[] rate = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            rate[i] = 1.10 + 0.01 * i;
        }
        return bars("EURUSD", t, rate, rate);
    }

    private static Portfolio.Builder spyAndSap() {
        return Portfolio.builder()
                .asset("SPY", bars("SPY", everyDay(0, 10), constant(10, 100), constant(10, 100)))
                .asset(Asset.of("SAP", bars("SAP", everyDay(0, 10), constant(10, 50), constant(10, 50))).inCurrency("EUR"));
    }

    @Test
    void pricesAreConvertedWithTheFxCloseAtOrBeforeEachBar() {
        Portfolio p = spyAndSap().fx("EUR", eurUsd(0))
                .options(PortfolioOptions.builder().cash(10_000).commission(0).schedule(Schedule.everyN(2)).build()).build();
        PortfolioResult r = p.run();
        // rates: Mon 1 1.10, Tue 1.11, Wed 1.12, Thu 1.13, Fri 1.14, (weekend: Friday's), Mon 8 1.15, Tue 9 1.16
        double[] rate = {1.10, 1.11, 1.12, 1.13, 1.14, 1.14, 1.14, 1.15, 1.16, 1.17};
        // fills at days 1, 3, 5 (Saturday: Friday's rate), 7, 9
        assertThat(r.fills()).filteredOn(f -> f.symbol().equals("SAP"))
                .allSatisfy(f -> assertThat(f.price()).isCloseTo(50 * rate[(int) ((f.time() - day(0)) / PortfolioData.DAY)], within(1e-12)));
        assertThat(r.fills()).filteredOn(f -> f.symbol().equals("SAP")).extracting(Fill::time).contains(day(5));
        // day 1: V = 10 000, SAP to 5000 / (50·1.11); its value moves with the rate only
        double units = 5000 / (50 * 1.11);
        assertThat(r.equity()[1]).isCloseTo(5000 + units * 50 * 1.11, within(1e-9));
        assertThat(r.equity()[2]).isCloseTo(5000 + units * 50 * 1.12, within(1e-9));
        // a strategy sees SAP's closes in dollars
        double[] seen = new double[1];
        p.run(new PortfolioStrategy() {
            Series sap;

            @Override
            public void init(PortfolioInit in) {
                assertThat(in.close("SAP")[6]).isCloseTo(50 * 1.14, within(1e-12));
                assertThat(in.bars("SAP").close()[6]).isEqualTo(50);
                sap = in.indicator("SAP", "close_usd", in.close("SAP"));
            }

            @Override
            public Map<String, Double> weights(PortfolioContext ctx) {
                if (ctx.time() == day(8)) {
                    seen[0] = sap.last();
                    assertThat(ctx.price("SAP")).isEqualTo(sap.last());
                }
                return Map.of("SPY", 0.5);
            }
        });
        assertThat(seen[0]).isCloseTo(50 * 1.16, within(1e-12));
    }

    @Test
    void marketCapsInAnotherCurrencyAreConvertedToo() {
        Portfolio p = Portfolio.builder()
                .asset(Asset.of("SPY", bars("SPY", everyDay(0, 10), constant(10, 100), constant(10, 100)))
                        .withMarketCaps(MarketCaps.of(new long[] {day(0)}, new double[] {110})))
                .asset(Asset.of("SAP", bars("SAP", everyDay(0, 10), constant(10, 50), constant(10, 50))).inCurrency("EUR")
                        .withMarketCaps(MarketCaps.of(new long[] {day(0)}, new double[] {100})))   // 100 EUR = 110 USD at 1.10
                .fx("EUR", eurUsd(0))
                .options(PortfolioOptions.builder().weighting(Weighting.marketCap()).build()).build();
        Map<String, Double> t = p.run().decisions().get(0).targets();
        assertThat(t.get("SPY")).isCloseTo(0.5, within(1e-12));
        assertThat(t.get("SAP")).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void anAssetInAnotherCurrencyWithoutFxIsRefusedNamingIt() {
        assertThatThrownBy(() -> spyAndSap().build()).isInstanceOfSatisfying(BacktestException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_RUN_OPTIONS);
            assertThat(e.getMessage()).contains("'SAP'", "EUR", "USD", "no FX series");
            assertThat(e.details()).containsEntry("asset", "SAP");
        });
        // an FX series that starts after the asset's first bar
        assertThatThrownBy(() -> spyAndSap().fx("EUR", eurUsd(1)).build()).isInstanceOfSatisfying(BacktestException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_RUN_OPTIONS);
            assertThat(e.getMessage()).contains("FX series for EUR starts", "'SAP'");
        });
        // FX bars are checked as bars
        CandleSeries bad = bars("EURUSD", new long[] {day(0), day(0)}, new double[] {1.1, 1.1}, new double[] {1.1, 1.1});
        assertThatThrownBy(() -> spyAndSap().fx("EUR", bad).build()).isInstanceOfSatisfying(BacktestException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_BARS);
            assertThat(e.getMessage()).startsWith("FX series for EUR: ").contains("duplicates");
        });
        // the FX series are prices in the base currency: it cannot change afterwards
        Portfolio usd = spyAndSap().fx("EUR", eurUsd(0)).build();
        assertThatThrownBy(() -> usd.with(usd.options().toBuilder().baseCurrency("GBP").build()))
                .isInstanceOfSatisfying(BacktestException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                    assertThat(e.getMessage()).contains("base_currency", "USD", "'GBP'");
                });
        // in EUR as the base currency, SPY is in it (no currency given) and SAP too: no FX needed
        Portfolio eur = spyAndSap().options(PortfolioOptions.builder().baseCurrency("EUR").build()).build();
        assertThat(eur.run().fills()).isNotEmpty();
    }
}
