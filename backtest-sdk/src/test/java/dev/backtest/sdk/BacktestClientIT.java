package dev.backtest.sdk;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.config.BacktestConfig;
import dev.backtest.sdk.config.ConfigKey;
import dev.backtest.sdk.config.DatabaseKind;
import dev.backtest.sdk.marketdata.internal.ParquetLayout;
import dev.backtest.sdk.storage.ObjectPage;
import dev.backtest.sdk.storage.internal.LocalFolderObjectStore;
import dev.backtest.sdk.storage.internal.MinioObjectStore;
import dev.backtest.sdk.testing.Internals;
import dev.backtest.sdk.testing.S3Server;
import dev.backtest.sdk.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The client's life cycle against real dependencies: the embedded defaults seeded once, and
 * {@link BacktestClient#close()} or a failed {@code build()} leaving no thread or connection behind.
 */
class BacktestClientIT {

    /** Threads the client may start: the pool's, OkHttp's, H2's and anything named after the SDK. */
    private static final Pattern CLIENT_THREAD = Pattern.compile("(?i).*(hikari|okhttp|backtest|h2|mvstore).*");
    /** Threads of the test's own S3 server (Jetty), which outlive the client by design. */
    private static final Pattern S3_SERVER_THREAD = Pattern.compile("(?i)(qtp|jetty|s3proxy|scheduler-).*");

    private static final List<String> SEEDED_KEYS = Stream.of("BTC", "ETH", "EURUSD")
            .flatMap(s -> Stream.of(ParquetLayout.yearlyKey(s, 2023), ParquetLayout.yearlyKey(s, 2024)))
            .sorted().toList();

    @TempDir
    Path dataDir;

    private static BacktestClient.Builder isolated() {
        return BacktestClient.builder().ignoreEnvironment();
    }

    private static Map<String, String> etags(BacktestClient client) {
        ObjectPage page = client.storage().list("", 100, null);
        assertThat(page.nextCursor()).isEmpty();
        Map<String, String> out = new LinkedHashMap<>();
        page.objects().forEach(o -> out.put(o.key(), o.etag()));
        return out;
    }

    private static long countRows(Path parquet, BacktestClient client) throws SQLException {
        try (Connection c = Internals.duckDb(client).connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM read_parquet('" + parquet.toAbsolutePath() + "')")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void embeddedClientAskedForSampleDataSeedsItOnceAndReopensTheSameStores() throws Exception {
        Map<String, String> seeded;
        UUID userId = UUID.randomUUID();
        try (BacktestClient first = isolated().embedded(dataDir).sampleData(true).build()) {
            assertThat(first.config().databaseUrl().kind()).isEqualTo(DatabaseKind.H2);
            assertThat(first.storage()).isInstanceOfSatisfying(LocalFolderObjectStore.class, s ->
                    assertThat(s.root()).isEqualTo(dataDir.toAbsolutePath().resolve("objects").resolve(BacktestConfig.DEFAULT_BUCKET)));
            seeded = etags(first);
            assertThat(seeded.keySet()).containsExactlyElementsOf(SEEDED_KEYS);
            assertThat(first.storage().status().objectCount()).isEqualTo(6);

            HealthReport health = first.health();
            assertThat(health.up()).as("%s", health).isTrue();
            assertThat(health.dependencies()).extracting(DependencyHealth::name).containsExactly("database", "object_store", "duckdb");
            assertThat(health.dependencies()).allSatisfy(d -> assertThat(d.up()).as("%s", d).isTrue());

            Path btc2024 = dataDir.resolve("check").resolve("BTC_2024.parquet");
            first.storage().download(ParquetLayout.yearlyKey("BTC", 2024), btc2024);
            assertThat(countRows(btc2024, first)).isEqualTo(527_040);

            try (Connection c = Internals.database(first).dataSource().getConnection();
                 PreparedStatement ps = c.prepareStatement(
                         "INSERT INTO users (id, email, role, created_at, updated_at) VALUES (?, ?, 'authenticated', ?, ?)")) {
                OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
                ps.setObject(1, userId);
                ps.setString(2, "reopen@example.com");
                ps.setObject(3, now);
                ps.setObject(4, now);
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
        }
        try (Stream<Path> leftovers = Files.list(dataDir)) {
            assertThat(leftovers.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("sample-"));
        }

        try (BacktestClient second = isolated().embedded(dataDir).sampleData(true).build()) {
            assertThat(etags(second)).isEqualTo(seeded);
            assertThat(second.health().up()).isTrue();
            try (Connection c = Internals.database(second).dataSource().getConnection(); Statement s = c.createStatement()) {
                List<String> versions = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("SELECT version, success FROM flyway_schema_history"
                        + " WHERE version IS NOT NULL ORDER BY installed_rank")) {
                    while (rs.next()) {
                        assertThat(rs.getBoolean("success")).isTrue();
                        versions.add(rs.getString("version"));
                    }
                }
                assertThat(versions).as("every migration of the H2 set, once, in order").containsExactlyElementsOf(h2Migrations());
                try (ResultSet rs = s.executeQuery("SELECT email FROM users WHERE id = '" + userId + "'")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("reopen@example.com");
                }
            }
        }
    }

    @Test
    void anEmbeddedClientStartsItsRunWorkersOnlyWhenThereIsWork() throws Exception {
        Predicate<Thread> worker = t -> t.getName().startsWith("db-scheduler");
        Path csv = dataDir.resolve("bars.csv");
        StringBuilder sb = new StringBuilder("time,open,high,low,close,volume\n");
        java.util.Random random = new java.util.Random(5);
        double price = 100;
        for (int m = 0; m < 3 * 1440; m++) {
            double close = price * (1 + random.nextGaussian() * 0.003);
            sb.append(java.time.Instant.parse("2024-03-04T00:00:00Z").plusSeconds(60L * m)).append(',').append(price).append(',')
                    .append(Math.max(price, close) * 1.001).append(',').append(Math.min(price, close) * 0.999).append(',').append(close)
                    .append(",1\n");
            price = close;
        }
        Files.writeString(csv, sb);
        try (BacktestClient client = isolated().embedded(dataDir.resolve("data")).set(ConfigKey.BACKTEST_WORKERS, "2").build()) {
            assertThat(Thread.getAllStackTraces().keySet()).as("threads after opening").noneMatch(worker);
            client.marketData().importCsv("DEMO", csv);
            UUID me = UUID.randomUUID();
            client.users().ensure(me, "worker@example.com");
            var strategy = client.strategies().create(me, new dev.backtest.sdk.strategy.StrategyInput("cross", null, "sma_cross",
                    Map.of("fast", 5, "slow", 20), false));
            var backtest = client.backtests().create(me, new dev.backtest.sdk.backtest.BacktestInput("demo", strategy.name(), "DEMO",
                    "1h", java.time.LocalDate.of(2024, 3, 4), java.time.LocalDate.of(2024, 3, 6), new java.math.BigDecimal("10000"),
                    null, null));
            client.runs().start(me, backtest.id());
            dev.backtest.sdk.testing.Await.await(() -> client.runs().get(me, backtest.id()).finished(), Duration.ofSeconds(30));
            assertThat(client.runs().get(me, backtest.id()).status()).isEqualTo("completed");
            assertThat(Thread.getAllStackTraces().keySet()).as("threads once a run was queued").anyMatch(worker);
        }
    }

    @Test
    void aClientWritesNoSampleDataUnlessAsked() {
        try (BacktestClient client = isolated().embedded(dataDir).build()) {
            assertThat(client.config().sampleData()).isFalse();
            assertThat(client.storage().status().objectCount()).isZero();
        }
    }

    @Test
    void sampleDataOffLeavesTheEmbeddedStoreEmpty() {
        try (BacktestClient client = isolated().embedded(dataDir).sampleData(false).build()) {
            assertThat(client.storage().isEmpty()).isTrue();
            assertThat(client.health().up()).isTrue();
        }
    }

    @Test
    void closeReleasesEveryThreadOfAnEmbeddedClientAndIsIdempotent() throws Exception {
        Set<Long> before = liveThreadIds();

        BacktestClient client = isolated().embedded(dataDir).sampleData(false).build();
        assertThat(client.health().up()).isTrue();
        try (Connection c = Internals.database(client).dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM users")) {
            assertThat(rs.next()).isTrue();
        }
        assertThat(newThreads(before, t -> CLIENT_THREAD.matcher(t.getName()).matches()))
                .as("the open client's pool threads").isNotEmpty();
        client.close();

        assertThat(lingeringThreads(before, BacktestClientIT::clientOwned)).isEmpty();
        assertThatCode(client::close).doesNotThrowAnyException();
        assertThatCode(client::close).doesNotThrowAnyException();
    }

    @Test
    void closeReleasesPostgresConnectionsAndMinioThreads() throws Exception {
        String url = TestDatabases.freshPostgresSchema();
        try (S3Server s3 = S3Server.start()) {
            Set<Long> before = liveThreadIds();
            // a fixed-size pool, so borrowing two connections at once names every backend the client holds
            BacktestClient client = isolated().embedded(dataDir).sampleData(false).databaseUrl(url)
                    .set(ConfigKey.DB_POOL_MIN, "2").set(ConfigKey.DB_POOL_MAX, "2")
                    .minio(s3.endpoint(), S3Server.ACCESS_KEY, S3Server.SECRET_KEY).build();
            assertThat(Internals.database(client).kind()).isEqualTo(DatabaseKind.POSTGRESQL);
            assertThat(client.storage()).isInstanceOf(MinioObjectStore.class);
            assertThat(client.health().up()).as("%s", client.health()).isTrue();

            String poolName;
            Set<Integer> backends = new HashSet<>();
            try (Connection a = Internals.database(client).dataSource().getConnection();
                 Connection b = Internals.database(client).dataSource().getConnection()) {
                poolName = setting(a, "application_name");
                assertThat(setting(b, "application_name")).isEqualTo(poolName);
                backends.add(backendPid(a));
                backends.add(backendPid(b));
            }
            assertThat(poolName).matches("backtest-db-[0-9]+");
            assertThat(backends).hasSize(2);
            // other JVMs may run a pool of the same name on this server: the backend ids tell ours apart
            assertThat(applicationNamesOf(backends)).containsExactly(poolName, poolName);

            client.close();

            assertThat(awaitGone(backends, Duration.ofSeconds(10))).as("backends of %s still connected", poolName).isEmpty();
            assertThat(lingeringThreads(before, t -> clientOwned(t) && !S3_SERVER_THREAD.matcher(t.getName()).matches())).isEmpty();
            assertThatCode(client::close).doesNotThrowAnyException();
        } finally {
            TestDatabases.dropSchema(url);
        }
    }

    @Test
    void diagnosticsShowThePoolTheQueueTheStoreAndTheJvm(@TempDir Path dir) {
        try (BacktestClient client = isolated().embedded(dir).sampleData(true).build()) {
            var d = client.diagnostics();
            assertThat(d.pool().max()).isEqualTo(10);
            assertThat(d.pool().active()).isGreaterThanOrEqualTo(0);
            assertThat(d.queueError()).isNull();
            assertThat(d.queue()).allSatisfy(q -> assertThat(q.queued()).isGreaterThanOrEqualTo(0));
            assertThat(d.storage().reachable()).isTrue();
            assertThat(d.duckDbMemoryBytes()).isGreaterThanOrEqualTo(0);
            assertThat(d.jvm().heapUsedBytes()).isPositive();
            assertThat(d.jvm().collectors()).isNotEmpty();
            assertThat(d.jvm().threads()).isPositive();
            assertThat(client.poolStats().max()).isEqualTo(10);
            // the sample index's first run is queued at start
            assertThat(client.queueDepth()).allSatisfy(q -> assertThat(q.task()).isIn("backtest-run", "optimize-chunk", "index-run"));
        }
    }

    @Test
    void unreachablePostgresFailsBuildAsRetryableDatabaseUnavailableAndLeavesNoThreads() {
        Set<Long> before = liveThreadIds();

        assertThatThrownBy(() -> isolated().embedded(dataDir).sampleData(false).databaseUrl("jdbc:postgresql://127.0.0.1:1/x")
                .set(ConfigKey.DB_CONNECT_RETRIES, "0").build())
                .isInstanceOfSatisfying(BacktestException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DATABASE_UNAVAILABLE);
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains("127.0.0.1:1");
                });

        assertThat(lingeringThreads(before, BacktestClientIT::clientOwned)).isEmpty();
    }

    @Test
    void unreachableMinioFailsBuildAsStorageUnavailableAndClosesTheDatabasePool() {
        int closedPort;
        try (S3Server gone = S3Server.start()) {
            closedPort = gone.port();
        }
        Set<Long> before = liveThreadIds();

        assertThatThrownBy(() -> isolated().embedded(dataDir).sampleData(false)
                .minio("http://127.0.0.1:" + closedPort, S3Server.ACCESS_KEY, S3Server.SECRET_KEY).build())
                .isInstanceOfSatisfying(BacktestException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE);
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains("127.0.0.1:" + closedPort);
                });

        assertThat(lingeringThreads(before, BacktestClientIT::clientOwned)).isEmpty();
        // the embedded database was created and migrated before the store failed, then released
        assertThat(dataDir.resolve("db")).isDirectory();
    }

    @Test
    void whenTheDatabaseAndTheStoreAreBothDownTheDatabaseIsReportedAsWhenItWasOpenedFirst() {
        // the database opens on its own thread, beside the store (issue 19): its failure still comes first
        int closedPort;
        try (S3Server gone = S3Server.start()) {
            closedPort = gone.port();
        }
        Set<Long> before = liveThreadIds();

        assertThatThrownBy(() -> isolated().embedded(dataDir).sampleData(false).databaseUrl("jdbc:postgresql://127.0.0.1:1/x")
                .set(ConfigKey.DB_CONNECT_RETRIES, "0")
                .minio("http://127.0.0.1:" + closedPort, S3Server.ACCESS_KEY, S3Server.SECRET_KEY).build())
                .isInstanceOfSatisfying(BacktestException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DATABASE_UNAVAILABLE);
                    assertThat(e.getMessage()).contains("127.0.0.1:1");
                    assertThat(e.getSuppressed()).anySatisfy(s -> assertThat(s).isInstanceOfSatisfying(BacktestException.class,
                            b -> assertThat(b.code()).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE)));
                });

        assertThat(lingeringThreads(before, BacktestClientIT::clientOwned)).isEmpty();
    }

    private static boolean clientOwned(Thread t) {
        return (!t.isDaemon() || CLIENT_THREAD.matcher(t.getName()).matches()) && !idleSharedOkHttpWorker(t);
    }

    /**
     * OkHttp runs connection-pool housekeeping on one process-wide executor that no client can shut
     * down; a worker of it stays parked for 60 s after its last task. Such a worker waiting for work,
     * with no OkHttp frame on its stack, holds nothing of a closed client and is not a leak. A worker
     * still running or awaiting a scheduled OkHttp task (the pool's cleanup, say) is.
     */
    private static boolean idleSharedOkHttpWorker(Thread t) {
        if (!t.getName().equals("OkHttp TaskRunner")) {
            return false;
        }
        StackTraceElement[] stack = t.getStackTrace();
        return Arrays.stream(stack).anyMatch(f -> f.getClassName().equals(ThreadPoolExecutor.class.getName())
                && f.getMethodName().equals("getTask"))
                && Arrays.stream(stack).noneMatch(f -> f.getClassName().startsWith("okhttp3."));
    }

    private static Set<Long> liveThreadIds() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getId).collect(Collectors.toSet());
    }

    private static List<Thread> newThreads(Set<Long> before, Predicate<Thread> filter) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t.getId()) && t.isAlive() && filter.test(t)).toList();
    }

    /**
     * The names of threads started since {@code before} that match {@code filter} and are still
     * alive after waiting up to ten seconds for each to end (pools stop their threads asynchronously).
     */
    private static List<String> lingeringThreads(Set<Long> before, Predicate<Thread> filter) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<Thread> left = newThreads(before, filter);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            for (Thread t : left) {
                long remainingMillis = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                try {
                    t.join(remainingMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
            left = newThreads(before, filter);
        }
        return left.stream().map(t -> t.getName() + (t.isDaemon() ? " (daemon) " : " (non-daemon) ")
                + Arrays.stream(t.getStackTrace()).limit(8).toList()).sorted().toList();
    }

    private static String setting(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT current_setting(?)")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static int backendPid(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** The application names of those backends that are still in pg_stat_activity, seen from another connection. */
    private static List<String> applicationNamesOf(Set<Integer> pids) throws SQLException {
        try (Connection observer = DriverManager.getConnection(TestDatabases.postgresBaseUrl())) {
            return applicationNamesOf(observer, pids);
        }
    }

    private static List<String> applicationNamesOf(Connection observer, Set<Integer> pids) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement ps = observer.prepareStatement("SELECT application_name FROM pg_stat_activity WHERE pid = ?")) {
            for (int pid : pids) {
                ps.setInt(1, pid);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        names.add(rs.getString(1));
                    }
                }
            }
        }
        return names;
    }

    /** Polls pg_stat_activity until none of the backends is left or the time is up; returns those left. */
    private static List<String> awaitGone(Set<Integer> pids, Duration within) throws SQLException {
        long deadline = System.nanoTime() + within.toNanos();
        try (Connection observer = DriverManager.getConnection(TestDatabases.postgresBaseUrl())) {
            List<String> left = applicationNamesOf(observer, pids);
            while (!left.isEmpty() && System.nanoTime() < deadline) {
                // a backend leaves pg_stat_activity shortly after its socket closes; each probe is a round trip
                left = applicationNamesOf(observer, pids);
            }
            return left;
        }
    }

    /** The versions of the migrations an H2 database gets (common and H2's own, as in the sources), in version order. */
    private static List<String> h2Migrations() throws Exception {
        List<String> versions = new ArrayList<>();
        for (String folder : List.of("common", "h2")) {
            try (var files = java.nio.file.Files.list(java.nio.file.Path.of("src/main/resources/db/migration", folder))) {
                files.map(f -> f.getFileName().toString()).filter(n -> n.matches("V\\d+__.+\\.sql"))
                        .forEach(n -> versions.add(n.substring(1, n.indexOf("__"))));
            }
        }
        versions.sort(java.util.Comparator.comparingInt(Integer::parseInt));
        assertThat(versions).hasSizeGreaterThanOrEqualTo(8);
        return versions;
    }
}
