package dev.backtest.engine.patterns;

import dev.backtest.engine.patterns.Paths.Ohlc;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.error.FieldError;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dev.backtest.engine.patterns.ZigZagTest.field;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Options, inputs and the small value types: defaults, every validation branch, derived values. */
class PatternOptionsTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        PatternOptions d = PatternOptions.defaults();
        assertThat(d).isEqualTo(new PatternOptions(5, 2, 50, 15, 30, 0.5, EnumSet.allOf(PatternKind.class)));
        assertThat(d.kinds()).containsExactly(PatternKind.values());
        assertThat(d.toBuilder().build()).isEqualTo(d);
        assertThatThrownBy(() -> d.kinds().add(PatternKind.BULL_FLAG)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void everyBadFieldIsNamedAtOnce() {
        BacktestException e = catchThrowableOfType(BacktestException.class, () -> PatternOptions.builder().zigzagPct(0)
                .tolerancePct(50).maxBreakoutBars(0).flagPoleMinPct(Double.POSITIVE_INFINITY).flagPoleMaxBars(0)
                .flagMaxRetracement(1.5).kinds(Set.of()).build());
        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        @SuppressWarnings("unchecked")
        List<FieldError> errors = (List<FieldError>) e.details().get("errors");
        assertThat(errors).extracting(FieldError::field).containsExactly("zigzag_pct", "tolerance_pct", "max_breakout_bars",
                "flag_pole_min_pct", "flag_pole_max_bars", "flag_max_retracement", "kinds");
    }

    @Test
    void eachFieldAloneIsChecked() {
        assertThat(field(() -> PatternOptions.builder().zigzagPct(100).build())).isEqualTo("zigzag_pct");
        assertThat(field(() -> PatternOptions.builder().zigzagPct(Double.NaN).build())).isEqualTo("zigzag_pct");
        assertThat(field(() -> PatternOptions.builder().tolerancePct(-0.1).build())).isEqualTo("tolerance_pct");
        assertThat(field(() -> PatternOptions.builder().tolerancePct(Double.NaN).build())).isEqualTo("tolerance_pct");
        assertThat(field(() -> PatternOptions.builder().flagPoleMinPct(0).build())).isEqualTo("flag_pole_min_pct");
        assertThat(field(() -> PatternOptions.builder().flagMaxRetracement(0).build())).isEqualTo("flag_max_retracement");
        assertThat(field(() -> PatternOptions.builder().flagMaxRetracement(Double.NaN).build())).isEqualTo("flag_max_retracement");
        assertThat(field(() -> PatternOptions.builder().kinds(null).build())).isEqualTo("kinds");
        Set<PatternKind> withNull = new HashSet<>(Arrays.asList(PatternKind.DOUBLE_TOP, null));
        assertThat(field(() -> PatternOptions.builder().kinds(withNull).build())).isEqualTo("kinds");
        // the edges that are allowed
        assertThat(PatternOptions.builder().tolerancePct(0).flagMaxRetracement(1).maxBreakoutBars(1).flagPoleMaxBars(1)
                .kinds(Set.of(PatternKind.BEAR_FLAG)).build().kinds()).containsExactly(PatternKind.BEAR_FLAG);
    }

    @Test
    void detectionRejectsMissingMisalignedAndBadPrices() {
        double[] ok = {2, 2, 2};
        assertThat(field(() -> Patterns.detect(ok, ok, null, PatternOptions.defaults()))).isEqualTo("close");
        assertThat(field(() -> Patterns.detect(null, ok, ok, PatternOptions.defaults()))).isEqualTo("high");
        assertThat(field(() -> Patterns.detect(ok, null, ok, PatternOptions.defaults()))).isEqualTo("low");
        assertThat(field(() -> Patterns.detect(ok, new double[2], ok, PatternOptions.defaults()))).isEqualTo("low");
        assertThat(field(() -> Patterns.detect(ok, ok, new double[4], PatternOptions.defaults()))).isEqualTo("close");
        assertThat(field(() -> Patterns.detect(ok, ok, new double[]{2, Double.NaN, 2}, PatternOptions.defaults())))
                .isEqualTo("close[1]");
        assertThat(field(() -> Patterns.detect(ok, new double[]{2, 2, 3}, ok, PatternOptions.defaults()))).isEqualTo("low[2]");
        assertThat(field(() -> Patterns.detect(new double[]{2, -2, 2}, ok, ok, PatternOptions.defaults())))
                .isEqualTo("high[1]");
        assertThat(field(() -> Patterns.detect(ok, ok, ok, null))).isEqualTo("options");
        assertThat(field(() -> new PatternDetector(PatternOptions.defaults()).next(2, 1, 0))).isEqualTo("close[0]");
        assertThat(Patterns.detect(ok, ok, ok, PatternOptions.defaults())).isEmpty();
    }

    @Test
    void kindsHaveKeysAndBiases() {
        assertThat(PatternKind.parse("inverse_head_and_shoulders")).isEqualTo(PatternKind.INVERSE_HEAD_AND_SHOULDERS);
        assertThat(PatternKind.BULL_FLAG.key()).isEqualTo("bull_flag");
        assertThat(PatternKind.SYMMETRIC_TRIANGLE.bias()).isEqualTo(BreakoutDirection.NONE);
        assertThat(PatternKind.DOUBLE_TOP.bias()).isEqualTo(BreakoutDirection.DOWN);
        assertThat(field(() -> PatternKind.parse("wedge"))).isEqualTo("kinds");
    }

    @Test
    void aPendingSymmetricTriangleHasNoLevelTargetOrStop() {
        Ohlc sym = Paths.path(new double[]{0, 95}, new double[]{10, 120}, new double[]{25, 90}, new double[]{40, 114},
                new double[]{55, 96}, new double[]{68, 108}, new double[]{78, 102});
        List<Pattern> found = Patterns.detect(sym.high(), sym.low(), sym.close(), PatternOptions.defaults());
        assertThat(found).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(PatternKind.SYMMETRIC_TRIANGLE);
            assertThat(p.isConfirmed()).isFalse();
            assertThat(p.isFailed()).isFalse();
            assertThat(p.confirmation()).isEmpty();
            assertThat(p.direction()).isEqualTo(BreakoutDirection.NONE);
            assertThat(p.breakoutLevel()).isNaN();
            assertThat(p.target()).isNaN();
            assertThat(p.stopLevel()).isNaN();
        });
        PatternDetector d = new PatternDetector(PatternOptions.defaults());
        for (int i = 0; i < sym.size(); i++) {
            d.next(sym.high()[i], sym.low()[i], sym.close()[i]);
        }
        assertThat(d.pending()).isEqualTo(found);
    }

    @Test
    void aPendingPatternShowsItsExpectedBoundaryAndStop() {
        // the double top of the planted test, cut before its breakout
        Ohlc top = Paths.path(new double[]{0, 100}, new double[]{20, 80}, new double[]{40, 120}, new double[]{55, 108},
                new double[]{70, 120.5}, new double[]{76, 113});
        Pattern p = Patterns.detect(top.high(), top.low(), top.close(), PatternOptions.defaults()).get(0);
        assertThat(p.isConfirmed()).isFalse();
        assertThat(p.direction()).isEqualTo(BreakoutDirection.DOWN);
        assertThat(p.breakoutLevel()).isEqualTo(108);
        assertThat(p.stopLevel()).isEqualTo(120.5);
        assertThat(p.target()).isEqualTo(108 - 12.5);
    }

    @Test
    void patternsFailOnAWrongWayBreakoutAndOnExpiry() {
        // a double top whose price rises through the tops: failed on that close
        Ohlc up = Paths.path(new double[]{0, 100}, new double[]{20, 80}, new double[]{40, 120}, new double[]{55, 108},
                new double[]{70, 120.5}, new double[]{76, 113}, new double[]{90, 127});
        Pattern p = Patterns.detect(up.high(), up.low(), up.close(), PatternOptions.defaults()).get(0);
        assertThat(p.failedBar()).isEqualTo(up.first(p.formedBar(), j -> up.close()[j] > 120.5));
        assertThat(p.isConfirmed()).isFalse();
        assertThat(p.confirmationBar()).isEqualTo(-1);
        // the same price, with 3 bars to break out: expired 3 bars after forming
        Pattern expired = Patterns.detect(up.high(), up.low(), up.close(), PatternOptions.builder().maxBreakoutBars(3).build())
                .get(0);
        assertThat(expired.failedBar()).isEqualTo(expired.formedBar() + 3);
        // a feed shows it pending before it failed, failed from then on
        PatternFeed feed = new PatternFeed(List.of(expired));
        assertThat(feed.knownAt(expired.formedBar() - 1)).isEmpty();
        assertThat(feed.knownAt(expired.formedBar() + 2)).singleElement().satisfies(x -> assertThat(x.isFailed()).isFalse());
        assertThat(feed.knownAt(expired.formedBar() + 3)).containsExactly(expired);
        assertThat(feed.confirmedOn(expired.formedBar())).isEmpty();
    }

    @Test
    void trianglesFailWhenTheirBoundariesMeet() {
        // the symmetric triangle drifting sideways inside its lines until they cross
        Ohlc sym = Paths.path(new double[]{0, 95}, new double[]{10, 120}, new double[]{25, 90}, new double[]{40, 114},
                new double[]{55, 96}, new double[]{68, 108}, new double[]{78, 102}, new double[]{90, 103.1},
                new double[]{140, 103.1});
        Pattern p = Patterns.detect(sym.high(), sym.low(), sym.close(), PatternOptions.builder().maxBreakoutBars(500).build())
                .get(0);
        int apex = sym.first(p.formedBar(), j -> p.upper().at(j) <= p.lower().at(j));
        assertThat(apex).isPositive();
        assertThat(p.failedBar()).isEqualTo(apex);
    }

    @Test
    void trendlines() {
        Trendline l = Trendline.through(new KeyPoint(10, 95), new KeyPoint(30, 97));
        assertThat(l.at(40)).isCloseTo(98, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(Trendline.horizontal(3, 7).at(1000)).isEqualTo(7);
    }
}
