package dev.backtest.sdk.strategy;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.error.FieldError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The strategy type catalogue: defaults, ranges, kinds, unknown names and cross-parameter rules. */
class StrategyTypesTest {

    static List<String> keys() {
        return StrategyTypes.keys();
    }

    @Test
    void catalogueHasTheDocumentedKeys() {
        assertThat(StrategyTypes.keys()).containsExactly("sma_cross", "ema_cross", "macd_cross", "rsi_reversion", "bollinger_breakout",
                "donchian_breakout", "buy_and_hold");
    }

    @ParameterizedTest
    @MethodSource("keys")
    void defaultsAloneAreValid(String key) {
        StrategyType type = StrategyTypes.require(key);
        Map<String, Object> filled = type.validate(Map.of());
        assertThat(filled.keySet()).containsExactlyElementsOf(type.parameters().stream().map(ParameterSpec::name).toList());
    }

    @SuppressWarnings("unchecked")
    private static List<FieldError> errors(String key, Map<String, Object> given) {
        BacktestException e = catchThrowableOfType(BacktestException.class, () -> StrategyTypes.require(key).validate(given));
        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        return (List<FieldError>) e.details().get("errors");
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
        assertThat(StrategyTypes.require("macd_cross").validate(Map.of("fast", 8.0))).containsEntry("fast", 8);
        assertThat(catchThrowableOfType(BacktestException.class, () -> StrategyTypes.require("nope")).code())
                .isEqualTo(ErrorCode.VALIDATION_FAILED);
    }
}
