package dev.backtest.engine;

import dev.backtest.engine.strategies.ParamSpec;
import dev.backtest.engine.strategies.Strategies;
import dev.backtest.engine.strategies.StrategySpec;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.error.FieldError;
import dev.backtest.error.FieldErrors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The strategy schema as requests see it: defaults, ranges, kinds, unknown names and cross-parameter rules, every problem listed. */
class StrategySchemaTest {

    static List<String> keys() {
        return Strategies.keys();
    }

    @Test
    void catalogueHasTheDocumentedKeys() {
        assertThat(Strategies.keys()).containsExactly("sma_cross", "ema_cross", "macd_cross", "rsi_reversion", "bollinger_breakout",
                "donchian_breakout", "buy_and_hold", "pattern_breakout");
    }

    @ParameterizedTest
    @MethodSource("keys")
    void defaultsAloneAreValid(String key) {
        StrategySpec type = Strategies.spec(key);
        Map<String, Object> filled = type.validate(Map.of());
        assertThat(filled.keySet()).containsExactlyElementsOf(type.params().stream().map(ParamSpec::name).toList());
    }

    private static List<FieldError> errors(String key, Map<String, Object> given) {
        FieldErrors errors = new FieldErrors();
        Strategies.spec(key).validate(given, errors, "parameters");
        return errors.list();
    }

    @Test
    void rejectsOutOfRangeWrongKindUnknownAndCrossRuleViolations() {
        assertThat(errors("sma_cross", Map.of("fast", 0))).extracting(FieldError::field).containsExactly("parameters.fast");
        assertThat(errors("sma_cross", Map.of("fast", 30, "slow", 30))).extracting(FieldError::message)
                .containsExactly("fast 30 must be less than slow 30");
        assertThat(errors("sma_cross", Map.of("direction", "short_only"))).extracting(FieldError::field)
                .containsExactly("parameters.direction");
        assertThat(errors("rsi_reversion", Map.of("lower", 80))).extracting(FieldError::field).containsExactly("parameters.lower");
        assertThat(errors("bollinger_breakout", Map.of("k", Double.NaN))).extracting(FieldError::field)
                .containsExactly("parameters.k");
        assertThat(errors("bollinger_breakout", Map.of("k", 0.05))).extracting(FieldError::field)
                .containsExactly("parameters.k");
        assertThat(errors("buy_and_hold", Map.of("period", 3))).extracting(FieldError::message)
                .containsExactly("is not a parameter of buy_and_hold; accepted: none");
        assertThat(errors("donchian_breakout", Map.of("period", "20"))).extracting(FieldError::field)
                .containsExactly("parameters.period");
        assertThat(errors("pattern_breakout", Map.of("kinds", "wedge"))).extracting(FieldError::field)
                .containsExactly("parameters.kinds");
        assertThat(errors("pattern_breakout", Map.of("zigzag_pct", 60))).extracting(FieldError::field)
                .containsExactly("parameters.zigzag_pct");
        assertThat(Strategies.spec("macd_cross").validate(Map.of("fast", 8.0))).containsEntry("fast", 8);
        assertThat(catchThrowableOfType(BacktestException.class, () -> Strategies.spec("nope")).code())
                .isEqualTo(ErrorCode.STRATEGY_NOT_FOUND);
    }
}
