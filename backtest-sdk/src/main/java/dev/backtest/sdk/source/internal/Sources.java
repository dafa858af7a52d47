package dev.backtest.sdk.source.internal;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.config.BacktestConfig;
import dev.backtest.sdk.config.ConfigKey;
import dev.backtest.sdk.source.BarSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the market-data providers a configuration enables ({@code DATA_SOURCES}), by name, in the configured order,
 * plus {@code file} (CSV and Parquet files; it never goes online, so it is always there). Each provider reads its base
 * URL ({@code YAHOO_BASE_URL}, {@code ALPACA_DATA_URL}, {@code TWELVE_DATA_URL}, {@code BINANCE_BASE_URL}) and keys
 * ({@code ALPACA_API_KEY}/{@code ALPACA_API_SECRET}, {@code TWELVE_DATA_API_KEY}), times out after
 * {@code SOURCE_TIMEOUT_SECONDS}, retries {@code SOURCE_MAX_RETRIES} times, and keeps to its own rate limit and
 * circuit breaker. Nothing is called when the providers are built.
 *
 * <pre>{@code
 * Map<String, BarSource> sources = Sources.enabled(config);          // DATA_SOURCES=yahoo,binance: yahoo, binance, file
 * try (Stream<SourceBar> bars = sources.get("yahoo").fetch(new FetchRequest("SPY", "SPY", BarResolution.DAILY, from, to))) {
 *     bars.forEach(b -> ...);
 * }
 * }</pre>
 */
public final class Sources {

    private Sources() {
    }

    /** The enabled providers and {@code file}, on the system clock. */
    public static Map<String, BarSource> enabled(BacktestConfig config) {
        return enabled(config, Clock.systemUTC());
    }

    /**
     * The enabled providers and {@code file}; {@code clock} decides what "now" is (the minute or day still in progress,
     * Yahoo's last 30 days of minutes, {@code Retry-After} dates).
     */
    public static Map<String, BarSource> enabled(BacktestConfig config, Clock clock) {
        return enabled(config, SourceSettings.of(config, clock));
    }

    static Map<String, BarSource> enabled(BacktestConfig config, SourceSettings settings) {
        HttpClient client = ProviderHttp.client(settings.timeout());
        Map<String, BarSource> out = new LinkedHashMap<>();
        for (String name : config.dataSources()) {
            out.put(name, create(name, config, settings, client));
        }
        out.put(FileSource.NAME, new FileSource());
        return Collections.unmodifiableMap(out);
    }

    static BarSource create(String name, BacktestConfig config, SourceSettings settings, HttpClient client) {
        URI url = config.sourceUrl(name);
        return switch (name) {
            case YahooSource.NAME -> new YahooSource(url, settings, client);
            case AlpacaSource.NAME -> new AlpacaSource(url, required(config.alpacaApiKey(), ConfigKey.ALPACA_API_KEY),
                    required(config.alpacaApiSecret(), ConfigKey.ALPACA_API_SECRET), settings, client);
            case TwelveDataSource.NAME -> new TwelveDataSource(url, required(config.twelveDataApiKey(), ConfigKey.TWELVE_DATA_API_KEY),
                    settings, client);
            case BinanceSource.NAME -> new BinanceSource(url, settings);
            case FileSource.NAME -> new FileSource();
            default -> throw BacktestException.of(ErrorCode.INVALID_CONFIG, "DATA_SOURCES: unknown provider '" + name + "'; accepted: "
                    + BacktestConfig.SOURCES).with("key", ConfigKey.DATA_SOURCES.name());
        };
    }

    private static String required(java.util.Optional<String> value, ConfigKey key) {
        return value.orElseThrow(() -> BacktestException.of(ErrorCode.INVALID_CONFIG, key + " is required with its source in DATA_SOURCES")
                .with("key", key.name()));
    }
}
