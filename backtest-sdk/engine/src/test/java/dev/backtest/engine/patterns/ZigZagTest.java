package dev.backtest.engine.patterns;

import dev.backtest.engine.patterns.Paths.Ohlc;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.error.FieldError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Swing points: pivot bars, prices and the bars they become known on; the threshold and input checks. */
class ZigZagTest {

    @Test
    void swingsAreConfirmedOnTheBarThePriceHasReversedByTheThreshold() {
        // closes rise 2 a bar to 120, fall 2 a bar to 100, rise 3 a bar to 130
        Ohlc o = Paths.path(new double[]{0, 100}, new double[]{10, 120}, new double[]{20, 100}, new double[]{30, 130});
        assertThat(ZigZag.swings(o.high(), o.low(), 5)).containsExactly(
                new Swing(0, 100, false, 3),     // 106 >= 105 on bar 3
                new Swing(10, 120, true, 13),    // 114 <= 114 on bar 13
                new Swing(20, 100, false, 22));  // 106 >= 105 on bar 22; the high of 130 is not confirmed
        assertThat(new Swing(10, 120, true, 13).point()).isEqualTo(new KeyPoint(10, 120));
    }

    @Test
    void theFirstSwingCanBeAHigh() {
        Ohlc o = Paths.path(new double[]{0, 100}, new double[]{10, 80}, new double[]{20, 90});
        assertThat(ZigZag.swings(o.high(), o.low(), 5)).containsExactly(new Swing(0, 100, true, 3),
                new Swing(10, 80, false, 14));   // 84 >= 84 on bar 14
    }

    @Test
    void aBarMakingANewExtremeExtendsTheLegAndTiesKeepTheFirstBar() {
        ZigZag z = new ZigZag(5);
        assertThat(z.bar()).isEqualTo(-1);
        assertThat(z.next(100, 99)).isNull();
        assertThat(z.next(106, 104)).isEqualTo(new Swing(0, 99, false, 1));   // rising leg, candidate high 106 at bar 1
        assertThat(z.next(130, 90)).isNull();                                  // outside bar: a new high, not a reversal
        assertThat(z.next(130, 125)).isNull();                                 // equal high: the candidate stays on bar 2
        assertThat(z.next(129, 123.5)).isEqualTo(new Swing(2, 130, true, 4)); // 123.5 <= 130 · 0.95
        assertThat(z.next(124, 120)).isNull();                                 // falling leg: new low 120
        assertThat(z.next(125.9, 121)).isNull();                               // 125.9 < 126
        assertThat(z.next(126, 121)).isEqualTo(new Swing(5, 120, false, 7));
        assertThat(z.bar()).isEqualTo(7);
    }

    @Test
    void aFlatSeriesHasNoSwing() {
        double[] flat = {10, 10, 10, 10};
        assertThat(ZigZag.swings(flat, flat, 1)).isEmpty();
        assertThat(ZigZag.swings(new double[0], new double[0], 1)).isEmpty();
    }

    @Test
    void rejectsABadThresholdOrBadPrices() {
        for (double pct : new double[]{0, -1, 100, Double.NaN}) {
            assertThat(field(() -> new ZigZag(pct))).isEqualTo("zigzag_pct");
        }
        assertThat(field(() -> new ZigZag(5).next(Double.NaN, 1))).isEqualTo("high[0]");
        assertThat(field(() -> new ZigZag(5).next(1, 0))).isEqualTo("low[0]");
        assertThat(field(() -> new ZigZag(5).next(1, 2))).isEqualTo("low[0]");
        ZigZag z = new ZigZag(5);
        z.next(2, 1);
        assertThat(field(() -> z.next(Double.POSITIVE_INFINITY, 1))).isEqualTo("high[1]");
        assertThat(field(() -> ZigZag.swings(null, new double[1], 5))).isEqualTo("high");
        assertThat(field(() -> ZigZag.swings(new double[1], null, 5))).isEqualTo("low");
        assertThat(field(() -> ZigZag.swings(new double[2], new double[1], 5))).isEqualTo("low");
    }

    /** The one field a VALIDATION_FAILED names. */
    static String field(Executable call) {
        BacktestException e = catchThrowableOfType(BacktestException.class, call::execute);
        assertThat(e).as("an exception").isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        @SuppressWarnings("unchecked")
        List<FieldError> errors = (List<FieldError>) e.details().get("errors");
        assertThat(errors).hasSize(1);
        return errors.get(0).field();
    }
}
