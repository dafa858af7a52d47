package dev.backtest.sdk.source.internal;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.config.BacktestConfig;
import dev.backtest.sdk.config.ConfigKey;
import dev.backtest.sdk.source.BarResolution;
import dev.backtest.sdk.source.BarSource;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SourcesTest {

    @Test
    void buildsTheEnabledProvidersInTheirConfiguredOrderAndFiles() {
        BacktestConfig config = BacktestConfig.builder().ignoreEnvironment()
                .set(ConfigKey.DATA_SOURCES, "binance,yahoo,twelvedata,alpaca")
                .set(ConfigKey.ALPACA_API_KEY, "k").set(ConfigKey.ALPACA_API_SECRET, "s").set(ConfigKey.TWELVE_DATA_API_KEY, "t")
                .set(ConfigKey.BINANCE_BASE_URL, "http://127.0.0.1:9").set(ConfigKey.YAHOO_BASE_URL, "http://127.0.0.1:9")
                .build();

        Map<String, BarSource> sources = Sources.enabled(config, Clock.systemUTC());

        assertThat(sources).containsOnlyKeys("binance", "yahoo", "twelvedata", "alpaca", "file");
        assertThat(sources.keySet()).containsExactly("binance", "yahoo", "twelvedata", "alpaca", "file");
        sources.forEach((name, source) -> {
            assertThat(source.name()).isEqualTo(name);
            assertThat(source.resolutions()).containsExactlyInAnyOrder(BarResolution.MINUTE, BarResolution.DAILY);
        });
    }

    @Test
    void withNoProviderConfiguredOnlyFilesAreThereAndNothingGoesOnline() {
        Map<String, BarSource> sources = Sources.enabled(BacktestConfig.builder().ignoreEnvironment().build());

        assertThat(sources).containsOnlyKeys("file");
    }

    @Test
    void takesItsLimitsFromTheConfigurationAndTheProvidersDefaults() {
        BacktestConfig config = BacktestConfig.builder().ignoreEnvironment().set(ConfigKey.SOURCE_TIMEOUT_SECONDS, "7")
                .set(ConfigKey.SOURCE_MAX_RETRIES, "1").build();

        SourceSettings settings = SourceSettings.of(config, Clock.systemUTC());

        assertThat(settings.timeout()).hasSeconds(7);
        assertThat(settings.maxRetries()).isEqualTo(1);
        assertThat(settings.limitsOf("twelvedata").permitsPerMinute()).isEqualTo(8);
        assertThat(settings.limitsOf("alpaca").permitsPerMinute()).isEqualTo(200);
        assertThat(settings.limitsOf("yahoo").permitsPerMinute()).isEqualTo(60);
        assertThat(settings.limitsOf("binance").permitsPerMinute()).isEqualTo(1200);
    }

    @Test
    void refusesAProviderItDoesNotKnow() {
        BacktestConfig config = BacktestConfig.builder().ignoreEnvironment().build();

        assertThatThrownBy(() -> Sources.create("bloomberg", config, SourceSettings.of(config, Clock.systemUTC()), null))
                .isInstanceOfSatisfying(BacktestException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG));
    }
}
