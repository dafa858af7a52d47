package dev.backtest.sdk;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.config.BacktestConfig;
import dev.backtest.sdk.config.ConfigKey;
import dev.backtest.sdk.config.DatabaseKind;
import dev.backtest.sdk.config.WatchedSymbol;
import dev.backtest.sdk.source.BarResolution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BacktestConfigTest {

    private static BacktestConfig.Builder isolated() {
        return BacktestConfig.builder().ignoreEnvironment();
    }

    @Test
    void embeddedDefaults() {
        BacktestConfig c = isolated().build();
        assertThat(c.dataDir()).isEqualTo(Path.of("backtest-data").toAbsolutePath().normalize());
        assertThat(c.databaseUrl().kind()).isEqualTo(DatabaseKind.H2);
        assertThat(c.databaseUrl().jdbcUrl()).contains(c.dataDir().resolve("db").toString());
        assertThat(c.dbPoolMin()).isEqualTo(1);
        assertThat(c.dbPoolMax()).isEqualTo(10);
        assertThat(c.rateLimitPerSecond()).isEqualTo(100);
        assertThat(c.rateLimitBurst()).isEqualTo(200);
        assertThat(c.workers()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(c.candleMaxRows()).isEqualTo(1_000_000);
        assertThat(c.candleHotTierBytes()).isEqualTo(BacktestConfig.defaultHotTierBytes())
                .isEqualTo(Math.min(256L << 20, Runtime.getRuntime().maxMemory() / 4));
        assertThat(c.candleCacheBytes()).isEqualTo(BacktestConfig.defaultCandleCacheBytes())
                .isEqualTo(Math.min(256L << 20, Runtime.getRuntime().maxMemory() / 16));
        assertThat(c.indexMaxAssets()).isEqualTo(500);
        assertThat(c.httpMaxBodyBytes()).isEqualTo(1_048_576);
        assertThat(c.minioEndpoint()).isEmpty();
        assertThat(c.minioBucket()).isEqualTo("dukascopy-node");
        assertThat(c.corsOrigins()).isEmpty();
        assertThat(c.sampleData()).as("sample data only when asked (the server asks)").isFalse();
        assertThat(c.logLevel()).isEqualTo("INFO");
        assertThat(c.logFormat()).isEqualTo("text");
        assertThat(c.authDisabled()).isTrue();
    }

    @Test
    void explicitValuesWinOverLookupsAndEarlierLookupsWinOverLater() {
        Map<String, String> first = Map.of("DB_POOL_MAX", "7", "MINIO_BUCKET", "from-first");
        Map<String, String> second = Map.of("DB_POOL_MAX", "8", "MINIO_BUCKET", "from-second", "CANDLE_MAX_ROWS", "5");
        BacktestConfig c = BacktestConfig.builder()
                .lookups(k -> Optional.ofNullable(first.get(k)), k -> Optional.ofNullable(second.get(k)))
                .set(ConfigKey.MINIO_BUCKET, "explicit")
                .build();
        assertThat(c.minioBucket()).isEqualTo("explicit");
        assertThat(c.dbPoolMax()).isEqualTo(7);
        assertThat(c.candleMaxRows()).isEqualTo(5);
    }

    @Test
    void readsSystemPropertiesBeforeEnvironment() {
        System.setProperty("CANDLE_MAX_ROWS", "1234");
        try {
            assertThat(BacktestConfig.builder().build().candleMaxRows()).isEqualTo(1234);
        } finally {
            System.clearProperty("CANDLE_MAX_ROWS");
        }
    }

    @Test
    void parsesEveryKey() {
        BacktestConfig c = isolated()
                .set(ConfigKey.DATABASE_URL, "postgresql://u:p@h:5433/db")
                .pool(2, 20)
                .set(ConfigKey.SUPABASE_URL, "https://abc.supabase.co")
                .set(ConfigKey.SUPABASE_JWT_SECRET, "0123456789abcdef0123456789abcdef")
                .set(ConfigKey.SUPABASE_JWKS_URL, "https://abc.supabase.co/auth/v1/.well-known/jwks.json")
                .set(ConfigKey.RATE_LIMIT_PER_SECOND, "50")
                .set(ConfigKey.RATE_LIMIT_BURST, "60")
                .set(ConfigKey.CORS_ORIGINS, "https://app.example.com, http://localhost:3000")
                .set(ConfigKey.BACKTEST_WORKERS, "0")
                .set(ConfigKey.RUN_LEASE_SECONDS, "12")
                .set(ConfigKey.CANDLE_MAX_ROWS, "500")
                .set(ConfigKey.CANDLE_HOT_TIER_BYTES, "4294967296")
                .set(ConfigKey.CANDLE_CACHE_BYTES, "0")
                .set(ConfigKey.HTTP_MAX_BODY_BYTES, "65536")
                .minio("minio.local:9000", "ak", "sk")
                .set(ConfigKey.MINIO_SECURE, "true")
                .bucket("my.bucket-1")
                .dataDir(Path.of("/tmp/x"))
                .sampleData(false)
                .set(ConfigKey.LOG_LEVEL, "debug")
                .set(ConfigKey.LOG_FORMAT, "JSON")
                .build();
        assertThat(c.databaseUrl().kind()).isEqualTo(DatabaseKind.POSTGRESQL);
        assertThat(c.dbPoolMin()).isEqualTo(2);
        assertThat(c.dbPoolMax()).isEqualTo(20);
        assertThat(c.supabaseUrl()).hasValueSatisfying(u -> assertThat(u.getHost()).isEqualTo("abc.supabase.co"));
        assertThat(c.supabaseJwtSecret()).isPresent();
        assertThat(c.supabaseJwksUrl()).isPresent();
        assertThat(c.authDisabled()).isFalse();
        assertThat(c.rateLimitPerSecond()).isEqualTo(50);
        assertThat(c.rateLimitBurst()).isEqualTo(60);
        assertThat(c.corsOrigins()).containsExactly("https://app.example.com", "http://localhost:3000");
        assertThat(c.workers()).isZero();
        assertThat(c.runLeaseSeconds()).isEqualTo(12);
        assertThat(c.candleMaxRows()).isEqualTo(500);
        assertThat(c.candleHotTierBytes()).isEqualTo(4L << 30);
        assertThat(c.candleCacheBytes()).isZero();
        assertThat(c.httpMaxBodyBytes()).isEqualTo(65_536);
        assertThat(c.minioEndpoint()).hasValueSatisfying(u -> assertThat(u.toString()).isEqualTo("https://minio.local:9000"));
        assertThat(c.minioBucket()).isEqualTo("my.bucket-1");
        assertThat(c.dataDir()).isEqualTo(Path.of("/tmp/x"));
        assertThat(c.sampleData()).isFalse();
        assertThat(c.logLevel()).isEqualTo("DEBUG");
        assertThat(c.logFormat()).isEqualTo("json");
        assertThat(c.toString()).doesNotContain("0123456789abcdef").doesNotContain(":p@");
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of(ConfigKey.DATABASE_URL, "mysql://h/db"),
                Arguments.of(ConfigKey.DB_POOL_MIN, "-1"),
                Arguments.of(ConfigKey.DB_POOL_MIN, "11"),
                Arguments.of(ConfigKey.DB_POOL_MAX, "0"),
                Arguments.of(ConfigKey.DB_POOL_MAX, "ten"),
                Arguments.of(ConfigKey.SUPABASE_URL, "ftp://abc"),
                Arguments.of(ConfigKey.SUPABASE_URL, "not a url"),
                Arguments.of(ConfigKey.SUPABASE_JWT_SECRET, "short"),
                Arguments.of(ConfigKey.SUPABASE_JWKS_URL, "http://"),
                Arguments.of(ConfigKey.SUPABASE_JWKS_URL, "bad\u0000path"),
                Arguments.of(ConfigKey.RATE_LIMIT_PER_SECOND, "0"),
                Arguments.of(ConfigKey.RATE_LIMIT_BURST, "50"),
                Arguments.of(ConfigKey.CORS_ORIGINS, "app.example.com"),
                Arguments.of(ConfigKey.CORS_ORIGINS, "https://a.com/path"),
                Arguments.of(ConfigKey.BACKTEST_WORKERS, "-2"),
                Arguments.of(ConfigKey.BACKTEST_WORKERS, "1.5"),
                Arguments.of(ConfigKey.RUN_LEASE_SECONDS, "5"),
                Arguments.of(ConfigKey.RUN_LEASE_SECONDS, "3601"),
                Arguments.of(ConfigKey.CANDLE_MAX_ROWS, "0"),
                Arguments.of(ConfigKey.CANDLE_HOT_TIER_BYTES, "-1"),
                Arguments.of(ConfigKey.CANDLE_HOT_TIER_BYTES, "1099511627777"),
                Arguments.of(ConfigKey.CANDLE_HOT_TIER_BYTES, "lots"),
                Arguments.of(ConfigKey.CANDLE_CACHE_BYTES, "-1"),
                Arguments.of(ConfigKey.CANDLE_CACHE_BYTES, "1099511627777"),
                Arguments.of(ConfigKey.CANDLE_CACHE_BYTES, "256MB"),
                Arguments.of(ConfigKey.OPTIMIZE_MAX_GRID, "0"),
                Arguments.of(ConfigKey.OPTIMIZE_MAX_GRID, "1e6"),
                Arguments.of(ConfigKey.INDEX_MAX_ASSETS, "0"),
                Arguments.of(ConfigKey.INDEX_MAX_ASSETS, "1001"),
                Arguments.of(ConfigKey.HTTP_MAX_BODY_BYTES, "512"),
                Arguments.of(ConfigKey.HTTP_MAX_BODY_BYTES, "1MB"),
                Arguments.of(ConfigKey.HTTP_MAX_UPLOAD_BYTES, "3000000000"),
                Arguments.of(ConfigKey.MINIO_ENDPOINT, "http://minio:9000/some/path"),
                Arguments.of(ConfigKey.MINIO_ENDPOINT, "ftp://minio:9000"),
                Arguments.of(ConfigKey.MINIO_ACCESS_KEY, null),
                Arguments.of(ConfigKey.MINIO_SECRET_KEY, null),
                Arguments.of(ConfigKey.MINIO_SECURE, "yes"),
                Arguments.of(ConfigKey.MINIO_BUCKET, "Upper_Case"),
                Arguments.of(ConfigKey.MINIO_BUCKET, "a"),
                Arguments.of(ConfigKey.MINIO_BUCKET, "../etc"),
                Arguments.of(ConfigKey.BACKTEST_DATA_DIR, "bad\u0000dir"),
                Arguments.of(ConfigKey.BACKTEST_SAMPLE_DATA, "maybe"),
                Arguments.of(ConfigKey.LOG_LEVEL, "LOUD"),
                Arguments.of(ConfigKey.LOG_FORMAT, "xml"),
                Arguments.of(ConfigKey.AUTH_MODE, "off"),
                Arguments.of(ConfigKey.ADMIN_USER_IDS, "admin"),
                Arguments.of(ConfigKey.ADMIN_TOKEN, "too-short"),
                Arguments.of(ConfigKey.HSTS_MAX_AGE, "-1"),
                Arguments.of(ConfigKey.FRONTEND_URL, "ftp://app.example.com"),
                Arguments.of(ConfigKey.APP_ENV, "PRODUCTION!"),
                Arguments.of(ConfigKey.PORT, "0"),
                Arguments.of(ConfigKey.DB_CONNECT_RETRIES, "many"),
                Arguments.of(ConfigKey.DB_BASELINE_ON_MIGRATE, "yes"),
                Arguments.of(ConfigKey.AUDIT_RETENTION_DAYS, "0"),
                Arguments.of(ConfigKey.DATA_SOURCES, "yahoo,bloomberg"),
                Arguments.of(ConfigKey.YAHOO_BASE_URL, "file:///etc"),
                Arguments.of(ConfigKey.ALPACA_API_KEY, ""),
                Arguments.of(ConfigKey.ALPACA_API_SECRET, ""),
                Arguments.of(ConfigKey.ALPACA_DATA_URL, "not a url"),
                Arguments.of(ConfigKey.TWELVE_DATA_API_KEY, ""),
                Arguments.of(ConfigKey.TWELVE_DATA_URL, "ftp://x"),
                Arguments.of(ConfigKey.BINANCE_BASE_URL, "binance"),
                Arguments.of(ConfigKey.SOURCE_TIMEOUT_SECONDS, "0"),
                Arguments.of(ConfigKey.SOURCE_MAX_RETRIES, "21"),
                Arguments.of(ConfigKey.REFRESH_SYMBOLS, "SPY:bloomberg"),
                Arguments.of(ConfigKey.REFRESH_SYMBOLS, "SPY:yahoo@5m"),
                Arguments.of(ConfigKey.REFRESH_SYMBOLS, "spy:yahoo"),
                Arguments.of(ConfigKey.REFRESH_INTERVAL, "PT10S"),
                Arguments.of(ConfigKey.SKIP_STARTUP_REFRESH, "maybe"),
                Arguments.of(ConfigKey.TASK_RETENTION_DAYS, "0"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("malformed")
    void rejectsMalformedValueNamingKeyAndAcceptedForm(ConfigKey key, String value) {
        BacktestConfig.Builder b = isolated().set(ConfigKey.RATE_LIMIT_PER_SECOND, key == ConfigKey.RATE_LIMIT_BURST ? "100" : "10");
        switch (key) {
            case MINIO_ACCESS_KEY -> b.set(ConfigKey.MINIO_ENDPOINT, "http://m:9000").set(ConfigKey.MINIO_SECRET_KEY, "s");
            case MINIO_SECRET_KEY -> b.set(ConfigKey.MINIO_ENDPOINT, "http://m:9000").set(ConfigKey.MINIO_ACCESS_KEY, "a");
            case MINIO_ENDPOINT -> b.set(ConfigKey.MINIO_ACCESS_KEY, "a").set(ConfigKey.MINIO_SECRET_KEY, "s").set(key, value);
            case DB_POOL_MIN -> b.set(ConfigKey.DB_POOL_MAX, "10").set(key, value);
            // a missing key is "malformed" only when its source is enabled
            case ALPACA_API_KEY -> b.set(ConfigKey.DATA_SOURCES, "alpaca").set(ConfigKey.ALPACA_API_SECRET, "s");
            case ALPACA_API_SECRET -> b.set(ConfigKey.DATA_SOURCES, "alpaca").set(ConfigKey.ALPACA_API_KEY, "k");
            case TWELVE_DATA_API_KEY -> b.set(ConfigKey.DATA_SOURCES, "twelvedata");
            default -> b.set(key, value);
        }
        assertThatThrownBy(b::build).isInstanceOfSatisfying(BacktestException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
            assertThat(e.retryable()).isFalse();
            assertThat(e.getMessage()).startsWith(key.name() + ":");
            assertThat(e.getMessage()).containsAnyOf(key.acceptedForm(), "accepted: ");
            assertThat(e.details()).containsEntry("key", key.name());
        });
    }

    @Test
    void readsTheWatchlistWithProviderSymbolsAndResolutions() {
        BacktestConfig c = isolated().set(ConfigKey.DATA_SOURCES, "yahoo,binance,alpaca").set(ConfigKey.ALPACA_API_KEY, "k")
                .set(ConfigKey.ALPACA_API_SECRET, "s")
                .set(ConfigKey.REFRESH_SYMBOLS, " SPY:yahoo@1d , BTC:binance:BTCUSDT, ETH:alpaca:ETH/USD@1m,EURUSD:YAHOO:EURUSD=X ,").build();

        assertThat(c.refreshSymbols()).containsExactly(
                new WatchedSymbol("SPY", "yahoo", "SPY", BarResolution.DAILY),
                new WatchedSymbol("BTC", "binance", "BTCUSDT", null),
                new WatchedSymbol("ETH", "alpaca", "ETH/USD", BarResolution.MINUTE),
                new WatchedSymbol("EURUSD", "yahoo", "EURUSD=X", null));
    }

    @Test
    void secretsNeverAppearInErrors() {
        assertThatThrownBy(() -> isolated().set(ConfigKey.SUPABASE_JWT_SECRET, "tooshort-secret").build())
                .hasMessageNotContaining("tooshort-secret");
    }

    @Test
    void rejectsUnknownKeyNames() {
        assertThatThrownBy(() -> isolated().set("DATABASE_ULR", "x"))
                .isInstanceOfSatisfying(BacktestException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG))
                .hasMessageContaining("DATABASE_ULR");
    }

    @Test
    void everyKeyIsCoveredByAMalformedCase() {
        assertThat(malformed().map(a -> a.get()[0]).distinct().count()).isEqualTo(ConfigKey.values().length);
    }

    @Test
    void theCandleCachesDefaultToAShareOfASmallHeapAnd256MiBOfALargeOne() {
        long mib = 1L << 20;
        // -Xmx512m with the serial collector: the JVM reports 494 MiB, the old generation about two thirds of it
        assertThat(BacktestConfig.defaultHotTierBytes(494 * mib)).isEqualTo(494 * mib / 4);
        assertThat(BacktestConfig.defaultCandleCacheBytes(494 * mib)).isEqualTo(494 * mib / 16);
        assertThat(BacktestConfig.defaultHotTierBytes(494 * mib) + BacktestConfig.defaultCandleCacheBytes(494 * mib) + 494 * mib / 32)
                .as("both caches and the server's rendered answers").isLessThan(494 * mib * 35 / 100);
        assertThat(BacktestConfig.defaultHotTierBytes(6L << 30)).isEqualTo(256 * mib);
        assertThat(BacktestConfig.defaultCandleCacheBytes(6L << 30)).isEqualTo(256 * mib);
        assertThat(BacktestConfig.defaultHotTierBytes(0)).isZero();
    }
}
