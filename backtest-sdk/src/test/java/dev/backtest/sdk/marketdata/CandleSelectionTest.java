package dev.backtest.sdk.marketdata;

import dev.backtest.engine.Timeframe;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.error.FieldError;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class CandleSelectionTest {

    private static CandleSelection parse(List<String> symbols, String start, String end, String timeframe, String resolution) {
        return CandleSelection.parse(new CandleSelection.Text("symbols", symbols, start, end, timeframe, resolution));
    }

    @SuppressWarnings("unchecked")
    private static List<FieldError> errors(BacktestException e) {
        return (List<FieldError>) e.details().get("errors");
    }

    @Test
    void aValidRequestIsParsedWithItsDefaultsAndDistinctSymbols() {
        CandleSelection s = parse(List.of("BTC", "ETH", "BTC"), "2024-01-01", "2024-01-31", "1d", " ");
        assertThat(s.symbols()).containsExactly("BTC", "ETH");
        assertThat(s.start()).isEqualTo(LocalDate.of(2024, 1, 1));
        assertThat(s.end()).isEqualTo(LocalDate.of(2024, 1, 31));
        assertThat(s.timeframe()).isEqualTo(Timeframe.D1);
        assertThat(s.resolution()).isEqualTo(SourceResolution.YEARLY);
    }

    @Test
    void everyMissingOrGarbledFieldIsReportedAtOnce() {
        BacktestException e = catchThrowableOfType(BacktestException.class,
                () -> parse(List.of(), "2024-13-01", null, "", "1Q"));
        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(errors(e)).extracting(FieldError::field)
                .containsExactly("symbols", "start_date", "end_date", "timeframe", "source_resolution");
        assertThat(errors(e).get(1).message()).contains("'2024-13-01' is not a date");
        assertThat(errors(e).get(3).message()).contains("1m, 5m, 15m, 30m, 1h, 4h, 1d, 1w, 1M");
    }

    @Test
    void aNullAmongTheSymbolsIsAFieldErrorNotACrash() {
        BacktestException e = catchThrowableOfType(BacktestException.class,
                () -> parse(Arrays.asList("BTC", null), "2024-01-01", "2024-01-02", "1h", null));
        assertThat(errors(e)).containsExactly(new FieldError("symbols", "contains null"));
    }

    @Test
    void datesOutsideTheCalendarAreFieldErrors() {
        BacktestException e = catchThrowableOfType(BacktestException.class,
                () -> parse(List.of("BTC"), "1969-12-31", "2101-01-01", "1h", null));
        assertThat(errors(e)).extracting(FieldError::field).containsExactly("start_date", "end_date");
        assertThat(errors(e).get(0).message()).contains("accepted: 1970-01-01 to 2100-12-31");
    }

    @Test
    void aReversedRangeIsDateRangeNamingTheEndDate() {
        BacktestException e = catchThrowableOfType(BacktestException.class,
                () -> parse(List.of("BTC"), "2024-03-02", "2024-03-01", "1h", null));
        assertThat(e.code()).isEqualTo(ErrorCode.DATE_RANGE);
        assertThat(e.getMessage()).startsWith("start_date 2024-03-02 is after end_date 2024-03-01");
        assertThat(errors(e)).containsExactly(new FieldError("end_date", "is before start_date 2024-03-02"));
    }

    @Test
    void aWellFormedButUnknownTimeframeOrSymbolKeepsItsOwnCode() {
        BacktestException tf = catchThrowableOfType(BacktestException.class,
                () -> parse(List.of("BTC"), "2024-01-01", "2024-01-02", "2h", null));
        assertThat(tf.code()).isEqualTo(ErrorCode.INVALID_TIMEFRAME);
        assertThat(errors(tf)).extracting(FieldError::field).containsExactly("timeframe");

        BacktestException sym = catchThrowableOfType(BacktestException.class,
                () -> parse(List.of("btc/../x"), "2024-01-01", "2024-01-02", "1h", null));
        assertThat(sym.code()).isEqualTo(ErrorCode.INVALID_SYMBOL);
        assertThat(errors(sym)).extracting(FieldError::field).containsExactly("symbols");
    }

    @Test
    void theTypedConstructorAppliesTheSameRules() {
        assertThatThrownBy(() -> new CandleSelection(List.of("BTC"), LocalDate.of(2024, 2, 1), LocalDate.of(2024, 1, 1),
                Timeframe.H1, null)).isInstanceOfSatisfying(BacktestException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.DATE_RANGE));
        assertThatThrownBy(() -> new CandleSelection(List.of(), LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 1),
                Timeframe.H1, null)).isInstanceOfSatisfying(BacktestException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED));
        assertThat(new CandleSelection(List.of("BTC"), LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 1), Timeframe.H1, null)
                .resolution()).isEqualTo(SourceResolution.YEARLY);
    }
}
