package dev.backtest.engine;

import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.indicators.Indicators;
import org.junit.jupiter.api.Test;
import org.ta4j.core.BarSeries;
import org.ta4j.core.BaseBarSeriesBuilder;
import org.ta4j.core.Indicator;
import org.ta4j.core.indicators.ATRIndicator;
import org.ta4j.core.indicators.EMAIndicator;
import org.ta4j.core.indicators.MACDIndicator;
import org.ta4j.core.indicators.ROCIndicator;
import org.ta4j.core.indicators.RSIIndicator;
import org.ta4j.core.indicators.SMAIndicator;
import org.ta4j.core.indicators.WMAIndicator;
import org.ta4j.core.indicators.bollinger.BollingerBandsLowerIndicator;
import org.ta4j.core.indicators.bollinger.BollingerBandsMiddleIndicator;
import org.ta4j.core.indicators.bollinger.BollingerBandsUpperIndicator;
import org.ta4j.core.indicators.donchian.DonchianChannelLowerIndicator;
import org.ta4j.core.indicators.donchian.DonchianChannelUpperIndicator;
import org.ta4j.core.indicators.helpers.ClosePriceIndicator;
import org.ta4j.core.indicators.helpers.HighPriceIndicator;
import org.ta4j.core.indicators.helpers.HighestValueIndicator;
import org.ta4j.core.indicators.helpers.LowPriceIndicator;
import org.ta4j.core.indicators.helpers.LowestValueIndicator;
import org.ta4j.core.indicators.statistics.StandardDeviationIndicator;
import org.ta4j.core.num.DoubleNum;
import org.ta4j.core.num.Num;

import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Each indicator against ta4j 0.17 (DoubleNum) on a 3 000-bar random walk, to 1e-9.
 *
 * <p>Warm-up conventions differ: ta4j returns a value from bar 0 (partial windows for SMA, stddev, highest;
 * recursive averages seeded with the first value for EMA, RSI and ATR), we return NaN until the window is full
 * and seed recursive averages with the SMA of the first n values (docs/engine.md). So we compare only where ours is
 * defined, and for the recursive ones only after {@code settle} bars, by when the different seeds have decayed
 * below 1e-12 ((1−α)^k).
 */
class IndicatorsTa4jParityTest {

    private static final int N = 3000;
    private final CandleSeries data = TestBars.randomWalk(42, N, TestBars.DAY);
    private final BarSeries series = ta4j(data);
    private final ClosePriceIndicator close = new ClosePriceIndicator(series);

    static BarSeries ta4j(CandleSeries s) {
        BarSeries series = new BaseBarSeriesBuilder().withNumTypeOf(DoubleNum.class).build();
        for (int i = 0; i < s.size(); i++) {
            series.addBar(Instant.ofEpochSecond(s.time()[i] + 86_400).atZone(ZoneOffset.UTC), s.open()[i], s.high()[i], s.low()[i],
                    s.close()[i], s.volume()[i]);
        }
        return series;
    }

    /** Compares from the first index where ours is defined, plus {@code settle} bars. */
    private static void assertMatches(double[] ours, Indicator<Num> theirs, int settle) {
        int first = Indicators.firstValid(ours);
        assertThat(first).isLessThan(N / 2);
        for (int i = 0; i < first; i++) {
            assertThat(ours[i]).as("warm-up bar %d", i).isNaN();
        }
        for (int i = first + settle; i < N; i++) {
            assertThat(ours[i]).as("bar %d", i).isCloseTo(theirs.getValue(i).doubleValue(), within(1e-9));
        }
    }

    /** Bars after which (1−α)^k times the seed difference is below 1e-12. */
    private static int settle(double alpha) {
        return (int) Math.ceil(Math.log(1e-14) / Math.log(1 - alpha));
    }

    @Test
    void smaMatchesTa4jOnceTheWindowIsFull() {
        assertMatches(Indicators.sma(data.close(), 20), new SMAIndicator(close, 20), 0);
        assertThat(Indicators.firstValid(Indicators.sma(data.close(), 20))).isEqualTo(19);
    }

    @Test
    void emaMatchesTa4jAfterTheSeedsConverge() {
        assertMatches(Indicators.ema(data.close(), 10), new EMAIndicator(close, 10), settle(2.0 / 11));
        assertThat(Indicators.ema(data.close(), 10)[9]).isEqualTo(Indicators.sma(data.close(), 10)[9]);
    }

    @Test
    void wmaMatchesTa4j() {
        assertMatches(Indicators.wma(data.close(), 15), new WMAIndicator(close, 15), 0);
    }

    @Test
    void rsiMatchesTa4jWilderAfterTheSeedsConverge() {
        assertMatches(Indicators.rsi(data.close(), 14), new RSIIndicator(close, 14), settle(1.0 / 14));
        assertThat(Indicators.firstValid(Indicators.rsi(data.close(), 14))).isEqualTo(14);
    }

    @Test
    void macdLineSignalAndHistogramMatchTa4j() {
        Indicators.Macd m = Indicators.macd(data.close(), 12, 26, 9);
        MACDIndicator theirs = new MACDIndicator(close, 12, 26);
        int s = settle(2.0 / 27) + settle(2.0 / 10);
        assertMatches(m.line(), theirs, s);
        assertMatches(m.signal(), theirs.getSignalLine(9), s);
        assertMatches(m.histogram(), theirs.getHistogram(9), s);
        assertThat(Indicators.firstValid(m.signal())).isEqualTo(25 + 8);
    }

    @Test
    void bollingerUsesPopulationStddevLikeTa4j() {
        Indicators.Bollinger b = Indicators.bollinger(data.close(), 20, 2);
        var mid = new BollingerBandsMiddleIndicator(new SMAIndicator(close, 20));
        var sd = new StandardDeviationIndicator(close, 20);
        DoubleNum k = DoubleNum.valueOf(2);
        assertMatches(b.middle(), mid, 0);
        assertMatches(b.upper(), new BollingerBandsUpperIndicator(mid, sd, k), 0);
        assertMatches(b.lower(), new BollingerBandsLowerIndicator(mid, sd, k), 0);
        assertMatches(Indicators.stddev(data.close(), 20), sd, 0);
    }

    @Test
    void atrMatchesTa4jAfterTheSeedsConverge() {
        assertMatches(Indicators.atr(data.high(), data.low(), data.close(), 14), new ATRIndicator(series, 14), settle(1.0 / 14));
    }

    @Test
    void rocMatchesTa4j() {
        assertMatches(Indicators.roc(data.close(), 12), new ROCIndicator(close, 12), 0);
    }

    @Test
    void highestLowestAndDonchianMatchTa4j() {
        assertMatches(Indicators.highest(data.high(), 20), new HighestValueIndicator(new HighPriceIndicator(series), 20), 0);
        assertMatches(Indicators.lowest(data.low(), 20), new LowestValueIndicator(new LowPriceIndicator(series), 20), 0);
        Indicators.Donchian d = Indicators.donchian(data.high(), data.low(), 20);
        assertMatches(d.upper(), new DonchianChannelUpperIndicator(series, 20), 0);
        assertMatches(d.lower(), new DonchianChannelLowerIndicator(series, 20), 0);
    }

    @Test
    void crossoverIsStrictOnBothBars() {
        double[] a = {1, 2, 3, 3, 2, 4};
        double[] b = {2, 2, 2, 3, 3, 3};
        assertThat(Indicators.crossover(a, b, 1)).isFalse(); // a[0] < b[0] but a[1] == b[1]
        assertThat(Indicators.crossover(a, b, 2)).isFalse(); // a[1] == b[1]: not strictly below before
        assertThat(Indicators.crossover(a, b, 5)).isTrue();
        assertThat(Indicators.crossunder(a, b, 4)).isFalse(); // a[3] == b[3]
        assertThat(Indicators.crossunder(new double[]{3, 1}, new double[]{2, 2}, 1)).isTrue();
        assertThat(Indicators.crossover(new double[]{Double.NaN, 3}, new double[]{2, 2}, 1)).isFalse();
    }
}
