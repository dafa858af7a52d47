package dev.backtest.engine.patterns;

import dev.backtest.engine.BacktestResult;
import dev.backtest.engine.ClosedTrade;
import dev.backtest.engine.Engine;
import dev.backtest.engine.RunOptions;
import dev.backtest.engine.patterns.Paths.Ohlc;
import dev.backtest.engine.strategies.Direction;
import dev.backtest.engine.strategies.Strategies;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.error.FieldError;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

/** The built-in {@code pattern_breakout}: entries on the confirming close, stops, targets, kinds and direction. */
class PatternBreakoutStrategyTest {

    private static final RunOptions FRICTIONLESS = RunOptions.builder().commission(0).finalizeTrades(true).build();

    private final Ohlc bullFlag = Paths.path(new double[]{0, 105}, new double[]{10, 90}, new double[]{25, 120},
            new double[]{31, 110}, new double[]{37, 116}, new double[]{43, 106}, new double[]{70, 140}, new double[]{90, 150});
    private final Ohlc doubleTop = Paths.path(new double[]{0, 100}, new double[]{20, 80}, new double[]{40, 120},
            new double[]{55, 108}, new double[]{70, 120.5}, new double[]{100, 90});

    private static Pattern confirmed(Ohlc o) {
        return Patterns.detect(o.high(), o.low(), o.close(), PatternOptions.defaults()).stream().filter(Pattern::isConfirmed)
                .findFirst().orElseThrow();
    }

    @Test
    void buysTheNextOpenAfterAnUpwardBreakoutAndTakesProfitAtTheMeasuredMove() {
        Pattern flag = confirmed(bullFlag);
        BacktestResult r = Engine.run(Paths.candles(bullFlag), Strategies.create("pattern_breakout", Map.of()), FRICTIONLESS);
        assertThat(r.trades()).singleElement().satisfies(t -> {
            assertThat(t.size()).isPositive();
            assertThat(t.entryBar()).isEqualTo(flag.confirmationBar() + 1);
            assertThat(t.entryPrice()).isEqualTo(bullFlag.open()[flag.confirmationBar() + 1]);
            assertThat(t.exitPrice()).isCloseTo(flag.target(), within(1e-9));
            assertThat(t.exitBar()).isLessThan(bullFlag.size() - 1);
        });
        // no target: held past the measured move to the end of the data
        BacktestResult held = Engine.run(Paths.candles(bullFlag), Strategies.create("pattern_breakout",
                Map.of("target", 0, "stop", "none")), FRICTIONLESS);
        assertThat(held.trades()).singleElement().satisfies(t -> {
            assertThat(t.exitBar()).isEqualTo(bullFlag.size() - 1);
            assertThat(t.exitPrice()).isGreaterThan(flag.target());
        });
    }

    @Test
    void sellsADownwardBreakoutOnlyWhenShortsAreAllowed() {
        Pattern top = confirmed(doubleTop);
        BacktestResult r = Engine.run(Paths.candles(doubleTop), Strategies.create("pattern_breakout",
                Map.of("target", 0.5)), FRICTIONLESS);
        assertThat(r.trades()).singleElement().satisfies(t -> {
            assertThat(t.size()).isNegative();
            assertThat(t.entryBar()).isEqualTo(top.confirmationBar() + 1);
            assertThat(t.exitPrice()).isCloseTo(top.breakoutLevel() - 0.5 * top.height(), within(1e-9));
        });
        assertThat(Engine.run(Paths.candles(doubleTop), Strategies.patternBreakout(PatternOptions.defaults(), 1, true,
                Direction.LONG_ONLY), FRICTIONLESS).trades()).isEmpty();
        assertThat(Engine.run(Paths.candles(doubleTop), Strategies.create("pattern_breakout", Map.of("kinds", "bull_flag")),
                FRICTIONLESS).trades()).isEmpty();
        assertThat(Engine.run(Paths.candles(doubleTop), Strategies.create("pattern_breakout", Map.of("kinds", "double_top")),
                FRICTIONLESS).trades()).hasSize(1);
    }

    @Test
    void theStopIsThePatternsOppositeBoundary() {
        // a bull flag that breaks out, then falls back through its flag: stopped at the lower boundary
        Ohlc failing = Paths.path(new double[]{0, 105}, new double[]{10, 90}, new double[]{25, 120}, new double[]{31, 110},
                new double[]{37, 116}, new double[]{43, 106}, new double[]{50, 114}, new double[]{70, 90});
        Pattern flag = confirmed(failing);
        BacktestResult r = Engine.run(Paths.candles(failing), Strategies.create("pattern_breakout", Map.of()), FRICTIONLESS);
        ClosedTrade t = r.trades().get(0);
        assertThat(t.entryBar()).isEqualTo(flag.confirmationBar() + 1);
        assertThat(t.exitPrice()).isCloseTo(flag.stopLevel(), within(1e-9));
        assertThat(t.exitBar()).isLessThan(failing.size() - 1);
    }

    @Test
    void parametersAreValidatedAgainstTheSchema() {
        BacktestException e = catchThrowableOfType(BacktestException.class, () -> Strategies.create("pattern_breakout",
                Map.of("kinds", "wedge", "zigzag_pct", 0, "stop", "tight", "target", -1, "max_breakout_bars", 0)));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_STRATEGY_PARAMETER);
        @SuppressWarnings("unchecked")
        List<FieldError> errors = (List<FieldError>) e.details().get("errors");
        assertThat(errors).extracting(FieldError::field).containsExactlyInAnyOrder("parameters.kinds", "parameters.zigzag_pct",
                "parameters.stop", "parameters.target", "parameters.max_breakout_bars");
        assertThat(Strategies.spec("pattern_breakout").validate(Map.of())).containsEntry("zigzag_pct", 5.0)
                .containsEntry("kinds", "all").containsEntry("direction", "long_short").containsEntry("stop", "pattern");
        assertThat(catchThrowableOfType(BacktestException.class, () -> Strategies.patternBreakout(null, 1, true,
                Direction.LONG_SHORT)).details()).containsEntry("parameter", "options");
        BacktestException target = catchThrowableOfType(BacktestException.class, () -> Strategies.patternBreakout(
                PatternOptions.defaults(), Double.NaN, true, Direction.LONG_SHORT));
        assertThat(target.code()).isEqualTo(ErrorCode.INVALID_STRATEGY_PARAMETER);
        assertThat(target.details()).containsEntry("parameter", "target");
        assertThat(catchThrowableOfType(BacktestException.class, () -> Strategies.patternBreakout(
                PatternOptions.defaults(), Double.POSITIVE_INFINITY, true, Direction.LONG_SHORT)).details())
                .containsEntry("parameter", "target");
    }

    @Test
    void runsOnARandomWalkTradingEachConfirmation() {
        Ohlc walk = Paths.randomWalk(3, 1500, 0.015);
        long signals = Patterns.detect(walk.high(), walk.low(), walk.close(), PatternOptions.defaults()).stream()
                .filter(p -> p.confirmationBar() >= 1 && p.confirmationBar() < walk.size() - 1).count();
        BacktestResult r = Engine.run(Paths.candles(walk), Strategies.create("pattern_breakout", Map.of()), FRICTIONLESS);
        assertThat(signals).isGreaterThan(3);
        assertThat(r.trades()).isNotEmpty().hasSizeLessThanOrEqualTo((int) signals);
    }
}
