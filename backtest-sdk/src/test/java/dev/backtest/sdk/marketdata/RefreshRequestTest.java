package dev.backtest.sdk.marketdata;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.error.FieldError;
import dev.backtest.error.FieldErrors;
import dev.backtest.sdk.config.WatchedSymbol;
import dev.backtest.sdk.source.BarResolution;
import dev.backtest.sdk.source.BarSource;
import dev.backtest.sdk.source.FetchRequest;
import dev.backtest.sdk.source.SourceBar;
import org.junit.jupiter.api.Test;

import java.time.Period;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RefreshRequestTest {

    /** A source that only says what it delivers. */
    private static BarSource source(String name, BarResolution... resolutions) {
        return new BarSource() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Set<BarResolution> resolutions() {
                return Set.of(resolutions);
            }

            @Override
            public Stream<SourceBar> fetch(FetchRequest request) {
                throw new UnsupportedOperationException();
            }
        };
    }

    private static final Map<String, BarSource> SOURCES = Map.of("yahoo", source("yahoo", BarResolution.MINUTE, BarResolution.DAILY),
            "dailyonly", source("dailyonly", BarResolution.DAILY));

    @Test
    void parsesASymbolWithDefaultsAndNormalisedSourceName() {
        FieldErrors errors = new FieldErrors();

        assertThat(RefreshRequest.parseSymbol("symbols[0]", "SPY", " Yahoo ", null, "1d", SOURCES, errors))
                .isEqualTo(new WatchedSymbol("SPY", "yahoo", "SPY", BarResolution.DAILY));
        assertThat(RefreshRequest.parseSymbol("symbols[1]", "EURUSD", "yahoo", "EURUSD=X", null, SOURCES, errors))
                .isEqualTo(new WatchedSymbol("EURUSD", "yahoo", "EURUSD=X", null));
        assertThat(errors.isEmpty()).isTrue();
    }

    @Test
    void collectsEveryMistakeUnderItsField() {
        FieldErrors errors = new FieldErrors();

        assertThat(RefreshRequest.parseSymbol("symbols[0]", "spy", "bloomberg", "has space", "5m", SOURCES, errors)).isNull();
        assertThat(RefreshRequest.parseSymbol("symbols[1]", "SPY", "dailyonly", null, "1m", SOURCES, errors)).isNull();
        assertThat(RefreshRequest.parseSymbol("symbols[2]", null, null, "x".repeat(41), null, SOURCES, errors)).isNull();

        assertThat(errors.list()).extracting(FieldError::field).containsExactly("symbols[0].symbol", "symbols[0].source",
                "symbols[0].provider_symbol", "symbols[0].resolution", "symbols[1].resolution", "symbols[2].symbol", "symbols[2].source",
                "symbols[2].provider_symbol");
        assertThat(errors.list().get(1).message()).contains("'bloomberg' is not an enabled source", "dailyonly", "yahoo");
        assertThat(errors.list().get(4).message()).isEqualTo("source dailyonly does not deliver 1m bars; it delivers 1d");
        assertThat(RefreshRequest.parseSymbol("s", "SPY", "yahoo", null, null, Map.of(), new FieldErrors())).isNull();
    }

    @Test
    void rejectsASymbolListedTwiceAndHistoriesThatAreNotPositive() {
        WatchedSymbol spy = new WatchedSymbol("SPY", "yahoo", "SPY");
        assertThatThrownBy(() -> RefreshRequest.of(List.of(spy, spy), SOURCES)).isInstanceOfSatisfying(BacktestException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED)).hasMessageContaining("listed twice");
        assertThatThrownBy(() -> RefreshRequest.of(List.of(spy), SOURCES).history(Period.ZERO, Period.ofYears(1)))
                .hasMessageContaining("minute_history");
    }
}
