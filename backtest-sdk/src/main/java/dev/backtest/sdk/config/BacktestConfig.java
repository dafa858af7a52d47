package dev.backtest.sdk.config;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.source.BarResolution;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Validated, immutable configuration. Each {@link ConfigKey} is read from explicit builder calls
 * first, then from the lookups in order (by default: system properties, then environment
 * variables, then a {@code .env} file in the working directory), then falls back to its embedded default. A malformed value fails {@link Builder#build()}
 * with {@link ErrorCode#INVALID_CONFIG} naming the key and the accepted form.
 *
 * <pre>{@code
 * BacktestConfig config = BacktestConfig.builder()
 *         .dataDir(Path.of("./backtest-data"))
 *         .set(ConfigKey.DB_POOL_MAX, "20")
 *         .build();
 * config.databaseUrl().jdbcUrl(); // jdbc:h2:file:.../backtest-data/db/backtest;MODE=PostgreSQL;...
 * }</pre>
 */
public final class BacktestConfig {

    /** Default bucket holding the Parquet files. */
    public static final String DEFAULT_BUCKET = "dukascopy-node";

    private static final Pattern BUCKET = Pattern.compile("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$");
    private static final Pattern ORIGIN = Pattern.compile("^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?$");
    private static final List<String> LOG_LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");

    private final Path dataDir;
    private final DatabaseUrl databaseUrl;
    private final int dbPoolMin;
    private final int dbPoolMax;
    private final Optional<URI> supabaseUrl;
    private final Optional<String> supabaseJwtSecret;
    private final Optional<String> supabaseJwksUrl;
    private final int rateLimitPerSecond;
    private final int rateLimitBurst;
    private final List<String> corsOrigins;
    private final int workers;
    private final int runLeaseSeconds;
    private final long candleMaxRows;
    private final long candleHotTierBytes;
    private final long candleCacheBytes;
    private final long optimizeMaxGrid;
    private final int indexMaxAssets;
    private final int httpMaxBodyBytes;
    private final int httpMaxUploadBytes;
    private final Optional<URI> minioEndpoint;
    private final Optional<String> minioAccessKey;
    private final Optional<String> minioSecretKey;
    private final String minioBucket;
    private final boolean sampleData;
    private final String logLevel;
    private final String logFormat;
    private final boolean databaseConfigured;
    private final Optional<AuthMode> authMode;
    private final List<UUID> adminUserIds;
    private final Optional<String> adminToken;
    private final long hstsMaxAgeSeconds;
    private final String appEnv;
    private final int port;
    private final int dbConnectRetries;
    private final boolean dbBaselineOnMigrate;
    private final int auditRetentionDays;
    private final List<String> dataSources;
    private final Map<String, URI> sourceUrls;
    private final Optional<String> alpacaApiKey;
    private final Optional<String> alpacaApiSecret;
    private final Optional<String> twelveDataApiKey;
    private final int sourceTimeoutSeconds;
    private final int sourceMaxRetries;
    private final List<WatchedSymbol> refreshSymbols;
    private final java.time.Duration refreshInterval;
    private final boolean skipStartupRefresh;
    private final int taskRetentionDays;

    /** The market-data providers a configuration may enable ({@code DATA_SOURCES}). */
    public static final List<String> SOURCES = List.of("yahoo", "alpaca", "twelvedata", "binance");
    private static final Map<String, String> DEFAULT_SOURCE_URLS = Map.of("yahoo", "https://query1.finance.yahoo.com",
            "alpaca", "https://data.alpaca.markets", "twelvedata", "https://api.twelvedata.com", "binance", "https://api.binance.com");

    private BacktestConfig(Resolver r) {
        this.dataDir = r.value(ConfigKey.BACKTEST_DATA_DIR).map(v -> path(ConfigKey.BACKTEST_DATA_DIR, v))
                .orElse(Path.of("backtest-data")).toAbsolutePath().normalize();
        this.databaseConfigured = r.value(ConfigKey.DATABASE_URL).isPresent();
        this.databaseUrl = r.value(ConfigKey.DATABASE_URL).map(DatabaseUrl::parse)
                .orElseGet(() -> DatabaseUrl.embeddedH2(dataDir));
        this.dbPoolMax = r.integer(ConfigKey.DB_POOL_MAX, 1, 1000, 10);
        this.dbPoolMin = r.integer(ConfigKey.DB_POOL_MIN, 0, 1000, Math.min(1, dbPoolMax));
        if (dbPoolMin > dbPoolMax) {
            throw invalid(ConfigKey.DB_POOL_MIN, Integer.toString(dbPoolMin));
        }
        this.supabaseUrl = r.value(ConfigKey.SUPABASE_URL).map(v -> httpUrl(ConfigKey.SUPABASE_URL, v));
        this.supabaseJwtSecret = r.value(ConfigKey.SUPABASE_JWT_SECRET);
        supabaseJwtSecret.filter(s -> s.length() < 32).ifPresent(s -> {
            throw invalid(ConfigKey.SUPABASE_JWT_SECRET, "(" + s.length() + " characters)");
        });
        this.supabaseJwksUrl = r.value(ConfigKey.SUPABASE_JWKS_URL).map(BacktestConfig::jwksLocation);
        this.rateLimitPerSecond = r.integer(ConfigKey.RATE_LIMIT_PER_SECOND, 1, 1_000_000, 100);
        this.rateLimitBurst = r.integer(ConfigKey.RATE_LIMIT_BURST, 1, 1_000_000, Math.max(200, rateLimitPerSecond));
        if (rateLimitBurst < rateLimitPerSecond) {
            throw invalid(ConfigKey.RATE_LIMIT_BURST, Integer.toString(rateLimitBurst));
        }
        List<String> origins = new ArrayList<>(r.value(ConfigKey.CORS_ORIGINS).map(BacktestConfig::origins).orElse(List.of()));
        r.value(ConfigKey.FRONTEND_URL).map(v -> {
            String origin = v.replaceAll("/+$", "");
            if (!ORIGIN.matcher(origin).matches()) {
                throw invalid(ConfigKey.FRONTEND_URL, v);
            }
            return origin;
        }).filter(o -> !origins.contains(o)).ifPresent(origins::add);
        this.corsOrigins = List.copyOf(origins);
        this.workers = r.integer(ConfigKey.BACKTEST_WORKERS, 0, 256, Runtime.getRuntime().availableProcessors());
        this.runLeaseSeconds = r.integer(ConfigKey.RUN_LEASE_SECONDS, 6, 3600, 30);
        this.candleMaxRows = r.integer(ConfigKey.CANDLE_MAX_ROWS, 1, 100_000_000, 1_000_000);
        this.candleHotTierBytes = r.longInteger(ConfigKey.CANDLE_HOT_TIER_BYTES, 0, 1L << 40, defaultHotTierBytes());
        this.candleCacheBytes = r.longInteger(ConfigKey.CANDLE_CACHE_BYTES, 0, 1L << 40, defaultCandleCacheBytes());
        this.optimizeMaxGrid = r.integer(ConfigKey.OPTIMIZE_MAX_GRID, 1, 1_000_000, 10_000);
        this.indexMaxAssets = r.integer(ConfigKey.INDEX_MAX_ASSETS, 1, 1_000, 500);
        this.httpMaxBodyBytes = r.integer(ConfigKey.HTTP_MAX_BODY_BYTES, 1024, 1 << 30, 1 << 20);
        this.httpMaxUploadBytes = r.integer(ConfigKey.HTTP_MAX_UPLOAD_BYTES, 1024, Integer.MAX_VALUE, 256 << 20);
        boolean secure = r.bool(ConfigKey.MINIO_SECURE, false);
        this.minioEndpoint = r.value(ConfigKey.MINIO_ENDPOINT).map(v -> minioEndpoint(v, secure));
        this.minioAccessKey = r.value(ConfigKey.MINIO_ACCESS_KEY);
        this.minioSecretKey = r.value(ConfigKey.MINIO_SECRET_KEY);
        if (minioEndpoint.isPresent() && minioAccessKey.isEmpty()) {
            throw invalid(ConfigKey.MINIO_ACCESS_KEY, "(missing)");
        }
        if (minioEndpoint.isPresent() && minioSecretKey.isEmpty()) {
            throw invalid(ConfigKey.MINIO_SECRET_KEY, "(missing)");
        }
        this.minioBucket = r.value(ConfigKey.MINIO_BUCKET).orElse(DEFAULT_BUCKET);
        if (!BUCKET.matcher(minioBucket).matches() || minioBucket.contains("..")) {
            throw invalid(ConfigKey.MINIO_BUCKET, minioBucket);
        }
        this.sampleData = r.bool(ConfigKey.BACKTEST_SAMPLE_DATA, false);
        this.logLevel = r.value(ConfigKey.LOG_LEVEL).map(v -> v.toUpperCase(Locale.ROOT)).orElse("INFO");
        if (!LOG_LEVELS.contains(logLevel)) {
            throw invalid(ConfigKey.LOG_LEVEL, logLevel);
        }
        this.logFormat = r.value(ConfigKey.LOG_FORMAT).map(v -> v.toLowerCase(Locale.ROOT)).orElse("text");
        if (!logFormat.equals("text") && !logFormat.equals("json")) {
            throw invalid(ConfigKey.LOG_FORMAT, logFormat);
        }
        this.authMode = r.value(ConfigKey.AUTH_MODE).map(v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "token" -> AuthMode.TOKEN;
            case "development" -> AuthMode.DEVELOPMENT;
            default -> throw invalid(ConfigKey.AUTH_MODE, v);
        });
        this.adminUserIds = r.value(ConfigKey.ADMIN_USER_IDS).map(BacktestConfig::userIds).orElse(List.of());
        this.adminToken = r.value(ConfigKey.ADMIN_TOKEN);
        adminToken.filter(t -> t.length() < 32).ifPresent(t -> {
            throw invalid(ConfigKey.ADMIN_TOKEN, "(" + t.length() + " characters)");
        });
        this.hstsMaxAgeSeconds = r.integer(ConfigKey.HSTS_MAX_AGE, 0, 63_072_000, 31_536_000);
        this.appEnv = r.value(ConfigKey.APP_ENV).orElse(databaseConfigured || minioEndpoint.isPresent() ? "production" : "development");
        if (!appEnv.matches("[a-z0-9_-]{1,32}")) {
            throw invalid(ConfigKey.APP_ENV, appEnv);
        }
        this.port = r.integer(ConfigKey.PORT, 1, 65_535, 8080);
        this.dbConnectRetries = r.integer(ConfigKey.DB_CONNECT_RETRIES, 0, 1000, 30);
        this.dbBaselineOnMigrate = r.bool(ConfigKey.DB_BASELINE_ON_MIGRATE, false);
        this.auditRetentionDays = r.integer(ConfigKey.AUDIT_RETENTION_DAYS, 1, 36_500, 365);
        this.dataSources = r.value(ConfigKey.DATA_SOURCES).map(BacktestConfig::sources).orElse(List.of());
        Map<String, URI> urls = new java.util.LinkedHashMap<>();
        for (var e : Map.of("yahoo", ConfigKey.YAHOO_BASE_URL, "alpaca", ConfigKey.ALPACA_DATA_URL, "twelvedata", ConfigKey.TWELVE_DATA_URL,
                "binance", ConfigKey.BINANCE_BASE_URL).entrySet()) {
            urls.put(e.getKey(), httpUrl(e.getValue(), r.value(e.getValue()).orElse(DEFAULT_SOURCE_URLS.get(e.getKey()))));
        }
        this.sourceUrls = Map.copyOf(urls);
        this.alpacaApiKey = r.value(ConfigKey.ALPACA_API_KEY);
        this.alpacaApiSecret = r.value(ConfigKey.ALPACA_API_SECRET);
        this.twelveDataApiKey = r.value(ConfigKey.TWELVE_DATA_API_KEY);
        if (dataSources.contains("alpaca") && alpacaApiKey.isEmpty()) {
            throw invalid(ConfigKey.ALPACA_API_KEY, "(missing)");
        }
        if (dataSources.contains("alpaca") && alpacaApiSecret.isEmpty()) {
            throw invalid(ConfigKey.ALPACA_API_SECRET, "(missing)");
        }
        if (dataSources.contains("twelvedata") && twelveDataApiKey.isEmpty()) {
            throw invalid(ConfigKey.TWELVE_DATA_API_KEY, "(missing)");
        }
        this.sourceTimeoutSeconds = r.integer(ConfigKey.SOURCE_TIMEOUT_SECONDS, 1, 600, 30);
        this.sourceMaxRetries = r.integer(ConfigKey.SOURCE_MAX_RETRIES, 0, 20, 4);
        this.refreshSymbols = r.value(ConfigKey.REFRESH_SYMBOLS).map(v -> watchlist(v, dataSources)).orElse(List.of());
        this.refreshInterval = r.value(ConfigKey.REFRESH_INTERVAL).map(BacktestConfig::interval).orElse(java.time.Duration.ofHours(1));
        this.skipStartupRefresh = r.bool(ConfigKey.SKIP_STARTUP_REFRESH, false);
        this.taskRetentionDays = r.integer(ConfigKey.TASK_RETENTION_DAYS, 1, 36_500, 30);
    }

    /** How requests are authenticated: verified bearer tokens, or none (every request acts as one development user). */
    public enum AuthMode { TOKEN, DEVELOPMENT }

    /**
     * A builder reading, for keys not set explicitly, system properties, then environment variables, then the
     * {@code .env} file of the working directory ({@link DotEnv}).
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Configuration from system properties and environment variables alone. */
    public static BacktestConfig fromEnvironment() {
        return builder().build();
    }

    public Path dataDir() { return dataDir; }
    public DatabaseUrl databaseUrl() { return databaseUrl; }
    public int dbPoolMin() { return dbPoolMin; }
    public int dbPoolMax() { return dbPoolMax; }
    public Optional<URI> supabaseUrl() { return supabaseUrl; }
    public Optional<String> supabaseJwtSecret() { return supabaseJwtSecret; }
    public Optional<String> supabaseJwksUrl() { return supabaseJwksUrl; }
    public int rateLimitPerSecond() { return rateLimitPerSecond; }
    public int rateLimitBurst() { return rateLimitBurst; }
    public List<String> corsOrigins() { return corsOrigins; }
    public int workers() { return workers; }
    /** Seconds without a heartbeat after which a claimed run is taken over by another instance. */
    public int runLeaseSeconds() { return runLeaseSeconds; }
    public long candleMaxRows() { return candleMaxRows; }

    /**
     * Memory for yearly files of 1-minute bars kept decoded ({@code CANDLE_HOT_TIER_BYTES}; 0: none). Default: 256 MiB,
     * or a quarter of the heap when that is less (a server run with {@code -Xmx512m} keeps 123 MiB, four symbol-years).
     */
    public long candleHotTierBytes() { return candleHotTierBytes; }

    /**
     * Memory for candle results kept for repeated queries ({@code CANDLE_CACHE_BYTES}; 0: none). Default: 256 MiB, or a
     * sixteenth of the heap when that is less (32 MiB with {@code -Xmx512m}).
     */
    public long candleCacheBytes() { return candleCacheBytes; }

    /** The default of {@code CANDLE_HOT_TIER_BYTES} in this JVM: {@link #defaultHotTierBytes(long)} of its heap. */
    public static long defaultHotTierBytes() {
        return defaultHotTierBytes(Runtime.getRuntime().maxMemory());
    }

    /**
     * The default of {@code CANDLE_HOT_TIER_BYTES} for a heap of {@code maxHeap} bytes: 256 MiB, at most a quarter of
     * the heap. The caches' defaults together (this, {@link #defaultCandleCacheBytes(long)} and the server's rendered
     * answers, a thirty-second) take about a third of a small heap, so that it keeps room for the server itself and its
     * collections stay young ones.
     */
    public static long defaultHotTierBytes(long maxHeap) {
        return Math.min(256L << 20, maxHeap / 4);
    }

    /** The default of {@code CANDLE_CACHE_BYTES} in this JVM: {@link #defaultCandleCacheBytes(long)} of its heap. */
    public static long defaultCandleCacheBytes() {
        return defaultCandleCacheBytes(Runtime.getRuntime().maxMemory());
    }

    /** The default of {@code CANDLE_CACHE_BYTES} for a heap of {@code maxHeap} bytes: 256 MiB, at most a sixteenth of it. */
    public static long defaultCandleCacheBytes(long maxHeap) {
        return Math.min(256L << 20, maxHeap / 16);
    }

    /** Most parameter combinations a sweep may have ({@code OPTIMIZE_MAX_GRID}, default 10,000). */
    public long optimizeMaxGrid() { return optimizeMaxGrid; }

    /** Most assets in the universe of an index ({@code INDEX_MAX_ASSETS}, default 500). */
    public int indexMaxAssets() { return indexMaxAssets; }
    /** The largest request body the server reads ({@code HTTP_MAX_BODY_BYTES}, default 1 MiB); larger ones get 413. */
    public int httpMaxBodyBytes() { return httpMaxBodyBytes; }

    /** The largest market-data file an admin uploads ({@code HTTP_MAX_UPLOAD_BYTES}, default 256 MiB); larger ones get 413. */
    public int httpMaxUploadBytes() { return httpMaxUploadBytes; }
    public Optional<URI> minioEndpoint() { return minioEndpoint; }
    public Optional<String> minioAccessKey() { return minioAccessKey; }
    public Optional<String> minioSecretKey() { return minioSecretKey; }
    public String minioBucket() { return minioBucket; }
    public boolean sampleData() { return sampleData; }
    public String logLevel() { return logLevel; }
    public String logFormat() { return logFormat; }

    /**
     * The authentication mode: {@code AUTH_MODE} when set; otherwise {@link AuthMode#TOKEN} when a token secret or key
     * set is configured, and {@link AuthMode#DEVELOPMENT} when none is.
     */
    public AuthMode authMode() {
        return authMode.orElse(hasTokenKeys() ? AuthMode.TOKEN : AuthMode.DEVELOPMENT);
    }

    /** Whether requests are not authenticated: development mode. */
    public boolean authDisabled() {
        return authMode() == AuthMode.DEVELOPMENT;
    }

    /**
     * Refuses a configuration a server must not run with: token authentication without a key to verify tokens
     * with, or, with a real database or object store configured, no keys and no explicit {@code AUTH_MODE=development}
     * (a deployment would otherwise answer every request as the development user). The embedded defaults keep
     * development mode.
     *
     * @throws BacktestException {@link ErrorCode#INVALID_CONFIG} naming the keys to set
     */
    public void requireSafeAuthentication() {
        if (hasTokenKeys() || authMode.orElse(null) == AuthMode.DEVELOPMENT) {
            return;
        }
        String keys = ConfigKey.SUPABASE_JWT_SECRET + " or " + ConfigKey.SUPABASE_JWKS_URL;
        if (authMode.orElse(null) == AuthMode.TOKEN) {
            throw BacktestException.of(ErrorCode.INVALID_CONFIG, "AUTH_MODE=token needs a key to verify tokens with: set " + keys)
                    .with("key", ConfigKey.SUPABASE_JWT_SECRET.name());
        }
        if (databaseConfigured || minioEndpoint.isPresent()) {
            throw BacktestException.of(ErrorCode.INVALID_CONFIG, "a database or object store is configured ("
                            + (databaseConfigured ? ConfigKey.DATABASE_URL : ConfigKey.MINIO_ENDPOINT) + ") but no token key: set " + keys
                            + " to authenticate requests, or AUTH_MODE=development to run without authentication on purpose")
                    .with("key", ConfigKey.SUPABASE_JWT_SECRET.name());
        }
    }

    private boolean hasTokenKeys() {
        return supabaseJwtSecret.isPresent() || supabaseJwksUrl.isPresent();
    }

    /** Users with the admin role by configuration ({@code ADMIN_USER_IDS}), beside those whose token says so. */
    public List<UUID> adminUserIds() { return adminUserIds; }
    /** The machine credential of the admin routes ({@code ADMIN_TOKEN}); never logged. */
    public Optional<String> adminToken() { return adminToken; }
    /** {@code Strict-Transport-Security} max-age in seconds; 0: no header. Default one year. */
    public long hstsMaxAgeSeconds() { return hstsMaxAgeSeconds; }
    /** The environment's name ({@code APP_ENV}): default {@code development} on the embedded defaults, else {@code production}. */
    public String appEnv() { return appEnv; }
    /** The server's HTTP port ({@code PORT}, default 8080). */
    public int port() { return port; }
    /** Attempts to reach the database at start ({@code DB_CONNECT_RETRIES}, default 30), with backoff. */
    public int dbConnectRetries() { return dbConnectRetries; }
    /** Whether Flyway adopts an existing schema that has no migration history ({@code DB_BASELINE_ON_MIGRATE}). */
    public boolean dbBaselineOnMigrate() { return dbBaselineOnMigrate; }
    /** Days an audit event is kept ({@code AUDIT_RETENTION_DAYS}, default 365). */
    public int auditRetentionDays() { return auditRetentionDays; }
    /** The enabled market-data providers ({@code DATA_SOURCES}); none by default, so nothing goes online. */
    public List<String> dataSources() { return dataSources; }
    /** The base URL of each provider (its default, or the {@code *_URL} setting: a proxy, a test server). */
    public URI sourceUrl(String source) { return sourceUrls.get(source); }
    public Optional<String> alpacaApiKey() { return alpacaApiKey; }
    public Optional<String> alpacaApiSecret() { return alpacaApiSecret; }
    public Optional<String> twelveDataApiKey() { return twelveDataApiKey; }
    /** Seconds one provider request may take ({@code SOURCE_TIMEOUT_SECONDS}, default 30). */
    public int sourceTimeoutSeconds() { return sourceTimeoutSeconds; }
    /** Retries of a failed provider request ({@code SOURCE_MAX_RETRIES}, default 4). */
    public int sourceMaxRetries() { return sourceMaxRetries; }
    /** The symbols refreshed on a schedule ({@code REFRESH_SYMBOLS}). */
    public List<WatchedSymbol> refreshSymbols() { return refreshSymbols; }
    /** How often the watchlist is refreshed ({@code REFRESH_INTERVAL}, default one hour). */
    public java.time.Duration refreshInterval() { return refreshInterval; }
    /** Whether the refresh on start is skipped ({@code SKIP_STARTUP_REFRESH}). */
    public boolean skipStartupRefresh() { return skipStartupRefresh; }
    /** Days the history of refreshes and imports is kept ({@code TASK_RETENTION_DAYS}, default 30). */
    public int taskRetentionDays() { return taskRetentionDays; }

    @Override
    public String toString() {
        return "BacktestConfig[dataDir=" + dataDir + ", database=" + databaseUrl + ", pool=" + dbPoolMin + ".." + dbPoolMax
                + ", store=" + minioEndpoint.map(URI::toString).orElse("local folder") + ", bucket=" + minioBucket
                + ", workers=" + workers + "]";
    }

    static BacktestException invalid(ConfigKey key, String value) {
        String shown = key.secret() ? "***" : value;
        return BacktestException.of(ErrorCode.INVALID_CONFIG,
                        key.name() + ": '" + shown + "' is not valid; accepted: " + key.acceptedForm())
                .with("key", key.name());
    }

    private static Path path(ConfigKey key, String value) {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw invalid(key, value);
        }
    }

    private static URI httpUrl(ConfigKey key, String value) {
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw invalid(key, value);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw invalid(key, value);
        }
    }

    private static String jwksLocation(String value) {
        if (value.regionMatches(true, 0, "http", 0, 4)) {
            return httpUrl(ConfigKey.SUPABASE_JWKS_URL, value).toString();
        }
        path(ConfigKey.SUPABASE_JWKS_URL, value);
        return value;
    }

    private static List<String> origins(String value) {
        List<String> out = new ArrayList<>();
        for (String part : value.split(",")) {
            String origin = part.trim();
            if (origin.isEmpty()) {
                continue;
            }
            if (!origin.equals("*") && !ORIGIN.matcher(origin).matches()) {
                throw invalid(ConfigKey.CORS_ORIGINS, value);
            }
            out.add(origin);
        }
        return List.copyOf(out);
    }

    private static List<String> sources(String value) {
        List<String> out = new ArrayList<>();
        for (String part : value.split(",")) {
            String name = part.trim().toLowerCase(Locale.ROOT);
            if (name.isEmpty() || out.contains(name)) {
                continue;
            }
            if (!SOURCES.contains(name)) {
                throw invalid(ConfigKey.DATA_SOURCES, value);
            }
            out.add(name);
        }
        return List.copyOf(out);
    }

    private static List<WatchedSymbol> watchlist(String value, List<String> enabled) {
        List<WatchedSymbol> out = new ArrayList<>();
        for (String part : value.split(",")) {
            String entry = part.trim();
            if (entry.isEmpty()) {
                continue;
            }
            BarResolution resolution = null;
            int at = entry.lastIndexOf('@');
            if (at > 0) {
                resolution = switch (entry.substring(at + 1).trim()) {
                    case "1m" -> BarResolution.MINUTE;
                    case "1d" -> BarResolution.DAILY;
                    default -> null;
                };
                entry = resolution == null ? "" : entry.substring(0, at).trim();
            }
            String[] f = entry.split(":", 3);
            if (f.length < 2 || !f[0].matches("[A-Z0-9._-]{1,20}") || !enabled.contains(f[1].toLowerCase(Locale.ROOT))
                    || f.length == 3 && (f[2].isBlank() || f[2].length() > WatchedSymbol.MAX_PROVIDER_SYMBOL)) {
                throw BacktestException.of(ErrorCode.INVALID_CONFIG, "REFRESH_SYMBOLS: '" + part.trim() + "' is not valid; accepted: "
                        + ConfigKey.REFRESH_SYMBOLS.acceptedForm() + ", with a source enabled in DATA_SOURCES (now " + enabled + ")")
                        .with("key", ConfigKey.REFRESH_SYMBOLS.name());
            }
            out.add(new WatchedSymbol(f[0], f[1].toLowerCase(Locale.ROOT), f.length == 3 ? f[2].trim() : f[0], resolution));
        }
        return List.copyOf(out);
    }

    private static java.time.Duration interval(String value) {
        try {
            java.time.Duration d = java.time.Duration.parse(value);
            if (d.compareTo(java.time.Duration.ofMinutes(1)) >= 0 && d.compareTo(java.time.Duration.ofDays(7)) <= 0) {
                return d;
            }
        } catch (java.time.format.DateTimeParseException e) {
            // reported below
        }
        throw invalid(ConfigKey.REFRESH_INTERVAL, value);
    }

    private static List<UUID> userIds(String value) {
        List<UUID> out = new ArrayList<>();
        for (String part : value.split(",")) {
            String id = part.trim();
            if (id.isEmpty()) {
                continue;
            }
            try {
                out.add(UUID.fromString(id));
            } catch (IllegalArgumentException e) {
                throw invalid(ConfigKey.ADMIN_USER_IDS, value);
            }
        }
        return List.copyOf(out);
    }

    private static URI minioEndpoint(String value, boolean secure) {
        String withScheme = value.contains("://") ? value : (secure ? "https://" : "http://") + value;
        URI uri = httpUrl(ConfigKey.MINIO_ENDPOINT, withScheme);
        if (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/")) {
            throw invalid(ConfigKey.MINIO_ENDPOINT, value);
        }
        return uri;
    }

    /** Collects values; {@link #build()} validates them all. */
    public static final class Builder {
        private final Map<ConfigKey, String> explicit = new EnumMap<>(ConfigKey.class);
        private final List<Function<String, Optional<String>>> lookups = new ArrayList<>(List.of(
                key -> Optional.ofNullable(System.getProperty(key)),
                key -> Optional.ofNullable(System.getenv(key)),
                DotEnv.read(DotEnv.DEFAULT_FILE).lookup()));

        private Builder() {
        }

        /** Sets a key explicitly; explicit values win over every lookup. */
        public Builder set(ConfigKey key, String value) {
            explicit.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Sets a key by name, as a map of settings would.
         *
         * @throws BacktestException {@link ErrorCode#INVALID_CONFIG} if the name is not a known key
         */
        public Builder set(String key, String value) {
            ConfigKey k = Arrays.stream(ConfigKey.values()).filter(c -> c.name().equals(key)).findFirst()
                    .orElseThrow(() -> BacktestException.of(ErrorCode.INVALID_CONFIG,
                            "unknown configuration key '" + key + "'; known keys: " + Arrays.toString(ConfigKey.values())));
            return set(k, value);
        }

        public Builder dataDir(Path dir) {
            return set(ConfigKey.BACKTEST_DATA_DIR, dir.toString());
        }

        public Builder databaseUrl(String url) {
            return set(ConfigKey.DATABASE_URL, url);
        }

        public Builder pool(int min, int max) {
            return set(ConfigKey.DB_POOL_MIN, Integer.toString(min)).set(ConfigKey.DB_POOL_MAX, Integer.toString(max));
        }

        public Builder minio(String endpoint, String accessKey, String secretKey) {
            return set(ConfigKey.MINIO_ENDPOINT, endpoint).set(ConfigKey.MINIO_ACCESS_KEY, accessKey)
                    .set(ConfigKey.MINIO_SECRET_KEY, secretKey);
        }

        public Builder bucket(String bucket) {
            return set(ConfigKey.MINIO_BUCKET, bucket);
        }

        public Builder sampleData(boolean seed) {
            return set(ConfigKey.BACKTEST_SAMPLE_DATA, Boolean.toString(seed));
        }

        /**
         * Replaces the lookups consulted after explicit values (the server passes MicroProfile Config here).
         * Lookups are tried in order; the first present value wins.
         */
        @SafeVarargs
        public final Builder lookups(Function<String, Optional<String>>... sources) {
            lookups.clear();
            lookups.addAll(List.of(sources));
            return this;
        }

        /** Ignores system properties and environment variables: only explicit values and defaults count. */
        public Builder ignoreEnvironment() {
            lookups.clear();
            return this;
        }

        /** Validates every key and returns the configuration. */
        public BacktestConfig build() {
            return new BacktestConfig(new Resolver(new EnumMap<>(explicit), List.copyOf(lookups)));
        }
    }

    private record Resolver(Map<ConfigKey, String> explicit, List<Function<String, Optional<String>>> lookups) {

        Optional<String> value(ConfigKey key) {
            String v = explicit.get(key);
            if (v == null) {
                for (Function<String, Optional<String>> lookup : lookups) {
                    Optional<String> found = lookup.apply(key.name());
                    if (found != null && found.isPresent()) {
                        v = found.get();
                        break;
                    }
                }
            }
            return Optional.ofNullable(v).map(String::trim).filter(s -> !s.isEmpty());
        }

        int integer(ConfigKey key, int min, int max, int fallback) {
            Optional<String> v = value(key);
            if (v.isEmpty()) {
                return fallback;
            }
            try {
                int parsed = Integer.parseInt(v.get());
                if (parsed < min || parsed > max) {
                    throw invalid(key, v.get());
                }
                return parsed;
            } catch (NumberFormatException e) {
                throw invalid(key, v.get());
            }
        }

        long longInteger(ConfigKey key, long min, long max, long fallback) {
            Optional<String> v = value(key);
            if (v.isEmpty()) {
                return fallback;
            }
            try {
                long parsed = Long.parseLong(v.get());
                if (parsed < min || parsed > max) {
                    throw invalid(key, v.get());
                }
                return parsed;
            } catch (NumberFormatException e) {
                throw invalid(key, v.get());
            }
        }

        boolean bool(ConfigKey key, boolean fallback) {
            Optional<String> v = value(key);
            if (v.isEmpty()) {
                return fallback;
            }
            return switch (v.get().toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw invalid(key, v.get());
            };
        }
    }
}
