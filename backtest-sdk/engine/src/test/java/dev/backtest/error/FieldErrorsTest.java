package dev.backtest.error;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FieldErrorsTest {

    @ParameterizedTest
    @CsvSource({"42, 42", "0.001, 0.001", "-12.5, -12.5", "1000000000000, 1000000000000", "1e309, 1E+309",
            "1e999999999, 1E+999999999", "1e-999999999, 1E-999999999", "-1.23456789e999999999, -1.23457E+999999999",
            "123456789012345678901234567890123456789012345, 1.23457E+44"})
    void showsShortNumbersPlainAndHugeOnesInScientificNotation(String value, String shown) {
        assertThat(FieldErrors.shown(new BigDecimal(value))).isEqualTo(shown);
    }

    @Test
    @Timeout(5)
    void anAmountWithAHugeExponentIsReportedWithoutExpandingIt() {
        FieldErrors errors = new FieldErrors();
        // 1e999999999 as plain text would be a billion digits: out of memory, not a validation error
        assertThat(errors.amount("price", new BigDecimal("1e999999999"), new BigDecimal("1e12"), false)).isNull();
        assertThat(errors.amount("quantity", new BigDecimal("-1e999999999"), new BigDecimal("1e12"), false)).isNull();
        assertThatThrownBy(errors::throwIfAny).isInstanceOfSatisfying(BacktestException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(e.getMessage()).hasSizeLessThan(300).contains("got 1E+999999999").contains("got -1E+999999999");
            assertThat(e.details().get("errors")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).hasSize(2);
        });
        assertThat(List.of(FieldErrors.shown(null))).containsExactly("null");
    }
}
