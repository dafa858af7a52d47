package dev.backtest.sdk.persistence.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.config.DatabaseKind;
import dev.backtest.sdk.config.DatabaseUrl;
import dev.backtest.sdk.persistence.PoolStats;
import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import org.eclipse.persistence.jpa.PersistenceProvider;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.h2.jdbcx.JdbcConnectionPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * The relational store: a connection pool (HikariCP; H2's own for the embedded database), the Flyway-migrated schema and an EclipseLink
 * {@link EntityManagerFactory} (RESOURCE_LOCAL, no DDL generation). Thread-safe.
 *
 * <pre>{@code
 * try (Database db = Database.open(DatabaseUrl.parse("jdbc:h2:mem:x"), 1, 4, "example", List.of(User.class))) {
 *     long users = db.inTransaction(em -> em.createQuery("select count(u) from User u", Long.class).getSingleResult());
 * }
 * }</pre>
 */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    /** SQLStates outside class 08 that mean the connection is gone: PostgreSQL 57P01-57P03, H2 90067 and 90098. */
    private static final java.util.Set<String> CONNECTION_LOST_STATES = java.util.Set.of("57P01", "57P02", "57P03", "90067", "90098");
    /** SQLStates of a lost race: H2 concurrent update and lock timeout, serialization failure, deadlock. */
    private static final java.util.Set<String> RACE_STATES = java.util.Set.of("90131", "HYT00", "40001", "40P01");

    private final DatabaseUrl url;
    private final DataSource dataSource;
    private final EntityManagerFactory entityManagerFactory;

    private Database(DatabaseUrl url, DataSource dataSource, EntityManagerFactory entityManagerFactory) {
        this.url = url;
        this.dataSource = dataSource;
        this.entityManagerFactory = entityManagerFactory;
    }

    /**
     * Opens the pool, migrates the schema and builds the entity manager factory.
     *
     * @throws BacktestException {@link ErrorCode#DATABASE_UNAVAILABLE} when the database cannot be reached
     */
    public static Database open(DatabaseUrl url, int poolMin, int poolMax, String poolName, List<Class<?>> entities) {
        return open(url, new Startup(poolMin, poolMax, poolName, 0, false), entities);
    }

    /**
     * How the database is opened: the pool's size and name, how many times an unreachable database is tried
     * before the start fails ({@code DB_CONNECT_RETRIES}: a database that comes up after the application), and
     * whether Flyway adopts an existing schema without this project's history ({@code DB_BASELINE_ON_MIGRATE}).
     */
    public record Startup(int poolMin, int poolMax, String poolName, int connectRetries, boolean baselineOnMigrate) {
    }

    /**
     * As {@link #open(DatabaseUrl, int, int, String, List)}, trying an unreachable database up to
     * {@code connectRetries} more times with a backoff from 1 s doubling to 10 s, each failure logged.
     *
     * @throws BacktestException {@link ErrorCode#DATABASE_UNAVAILABLE} when every attempt failed
     */
    public static Database open(DatabaseUrl url, Startup startup, List<Class<?>> entities) {
        int attempts = startup.connectRetries() + 1;
        RetryPolicy<Object> unreachable = RetryPolicy.builder()
                .handleIf(e -> isConnectionFailure(e))
                .withMaxAttempts(attempts)
                .withBackoff(Duration.ofSeconds(1), Duration.ofSeconds(10))
                .onRetry(ev -> LOG.warn("Database {} not reachable (attempt {} of {}): {}; trying again", url,
                        ev.getAttemptCount(), attempts, rootMessage(ev.getLastException())))
                .build();
        try {
            return Failsafe.with(unreachable).get(() -> openOnce(url, startup, entities));
        } catch (BacktestException e) {
            if (attempts > 1 && isConnectionFailure(e)) {
                throw new BacktestException(ErrorCode.DATABASE_UNAVAILABLE, "the database " + url + " was not reachable in "
                        + attempts + " attempts (DB_CONNECT_RETRIES=" + startup.connectRetries() + "): " + rootMessage(e), e);
            }
            throw e;
        }
    }

    private static Database openOnce(DatabaseUrl url, Startup startup, List<Class<?>> entities) {
        DataSource dataSource = url.kind() == DatabaseKind.H2 ? h2Pool(url, startup.poolMax())
                : pool(url, startup.poolMin(), startup.poolMax(), startup.poolName());
        try {
            long start = System.nanoTime();
            migrate(url, dataSource, startup.baselineOnMigrate());
            long migrated = System.nanoTime();
            EntityManagerFactory emf = entityManagerFactory(url, dataSource, entities);
            // a line per start-up phase at DEBUG (issue 19): where the time of a start goes
            LOG.debug("Start-up: connected and migrated in {} ms, JPA (EclipseLink) ready in {} ms", (migrated - start) / 1_000_000,
                    (System.nanoTime() - migrated) / 1_000_000);
            return new Database(url, dataSource, emf);
        } catch (RuntimeException e) {
            closePool(dataSource);
            throw e;
        }
    }

    /**
     * H2's own pool for the embedded database: one process uses it, and it opens quietly (HikariCP announces
     * itself at INFO, which an SDK user opening a local folder should not see). A handle's close rolls back and
     * restores auto-commit, as HikariCP does.
     */
    private static DataSource h2Pool(DatabaseUrl url, int poolMax) {
        JdbcConnectionPool pool = JdbcConnectionPool.create(url.jdbcUrl(), url.user().orElse(""), url.password().orElse(""));
        pool.setMaxConnections(poolMax);
        pool.setLoginTimeout(10);
        try (Connection c = pool.getConnection()) {
            c.isValid(3);
            return pool;
        } catch (SQLException | RuntimeException e) {
            pool.dispose();
            throw new BacktestException(ErrorCode.DATABASE_UNAVAILABLE, "cannot connect to the database " + url + ": " + rootMessage(e), e);
        }
    }

    private static void closePool(DataSource dataSource) {
        if (dataSource instanceof HikariDataSource hikari) {
            hikari.close();
        } else if (dataSource instanceof JdbcConnectionPool h2) {
            h2.dispose();
        }
    }

    private static HikariDataSource pool(DatabaseUrl url, int poolMin, int poolMax, String poolName) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(url.jdbcUrl());
        hc.setDriverClassName(url.kind().driverClassName());
        url.user().ifPresent(hc::setUsername);
        url.password().ifPresent(hc::setPassword);
        hc.setMinimumIdle(poolMin);
        hc.setMaximumPoolSize(poolMax);
        hc.setPoolName(poolName);
        hc.setConnectionTimeout(Duration.ofSeconds(10).toMillis());
        hc.setValidationTimeout(Duration.ofSeconds(3).toMillis());
        hc.setAutoCommit(true);
        if (url.kind() == DatabaseKind.POSTGRESQL) {
            hc.addDataSourceProperty("ApplicationName", poolName);
        }
        try {
            return new HikariDataSource(hc);
        } catch (RuntimeException e) {
            throw new BacktestException(ErrorCode.DATABASE_UNAVAILABLE,
                    "cannot connect to the database " + url + ": " + rootMessage(e), e);
        }
    }

    private static void migrate(DatabaseUrl url, DataSource dataSource, boolean baselineOnMigrate) {
        boolean postgres = url.kind() == DatabaseKind.POSTGRESQL;
        try {
            MigrateResult result = Flyway.configure(Database.class.getClassLoader())
                    .dataSource(dataSource)
                    .loggers(FlywayLogs.class.getName())
                    // an existing schema without Flyway's history (the original app's tables, which V1 reproduces) is
                    // taken as version 1, and the later migrations run on it
                    .baselineOnMigrate(baselineOnMigrate)
                    .baselineVersion("1")
                    .locations("classpath:db/migration/common", "classpath:db/migration/" + url.kind().migrationFolder())
                    .placeholders(Map.of(
                            "json_type", postgres ? "JSONB" : "CHARACTER VARYING",
                            // JSON kept exactly as written (PostgreSQL's json type checks it, jsonb would normalise it)
                            "json_text_type", postgres ? "JSON" : "CHARACTER VARYING",
                            "binary_type", postgres ? "BYTEA" : "VARBINARY"))
                    .load()
                    .migrate();
            LOG.debug("Database schema at version {} ({} migrations applied now)",
                    result.targetSchemaVersion == null ? result.initialSchemaVersion : result.targetSchemaVersion,
                    result.migrationsExecuted);
        } catch (RuntimeException e) {
            throw new BacktestException(ErrorCode.DATABASE_UNAVAILABLE,
                    "cannot migrate the database schema at " + url + ": " + rootMessage(e), e);
        }
    }

    private static EntityManagerFactory entityManagerFactory(DatabaseUrl url, DataSource dataSource, List<Class<?>> entities) {
        Properties p = new Properties();
        p.setProperty("eclipselink.weaving", "false");
        p.setProperty("eclipselink.ddl-generation", "none");
        p.setProperty("eclipselink.target-server", "None");
        p.setProperty("eclipselink.target-database", url.kind() == DatabaseKind.POSTGRESQL
                ? "org.eclipse.persistence.platform.database.PostgreSQLPlatform"
                : "org.eclipse.persistence.platform.database.H2Platform");
        p.setProperty("eclipselink.logging.logger", "JavaLogger");
        p.setProperty("eclipselink.logging.level", "WARNING");
        // Exceptions reach the caller, who decides: an optimistic-lock failure is retried, not a warning.
        p.setProperty("eclipselink.logging.exceptions", "false");
        p.setProperty("eclipselink.cache.shared.default", "false");
        // The pool is ours: EclipseLink must not keep its own connections or read-connection pools.
        p.setProperty("eclipselink.jdbc.exclusive-connection.mode", "Transactional");
        // EclipseLink shares one session per unit name in a JVM unless told otherwise: two databases
        // opened in one process (two clients, or tests on PostgreSQL and H2) would otherwise meet in one.
        p.setProperty("eclipselink.session-name", "backtest-" + java.util.UUID.randomUUID());
        List<String> names = entities.stream().map(Class::getName).toList();
        ClassLoader loader = entities.isEmpty() ? Database.class.getClassLoader() : entities.get(0).getClassLoader();
        BacktestPersistenceUnit unit = new BacktestPersistenceUnit(dataSource, names, p, loader);
        return new PersistenceProvider().createContainerEntityManagerFactory(unit, Map.of());
    }

    /**
     * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws.
     *
     * <p>A lost database connection (the server restarted, the connection was terminated, the network
     * dropped) never surfaces as a raw persistence error: when it happens before the commit, nothing
     * was written, so the work is run once more on a fresh connection from the pool; if that fails too,
     * or the connection died during the commit itself (the outcome is then unknown to this side), it
     * fails with {@link ErrorCode#DATABASE_UNAVAILABLE} (retryable). {@code work} must therefore only
     * touch the database through the entity manager it is given.
     *
     * @throws BacktestException {@link ErrorCode#DATABASE_UNAVAILABLE} when the database cannot be reached
     */
    public <T> T inTransaction(Function<EntityManager, T> work) {
        try {
            return attempt(work);
        } catch (ConnectionLost first) {
            LOG.warn("Database connection lost before commit ({}); running the transaction again on a new connection",
                    rootMessage(first.getCause()));
            try {
                return attempt(work);
            } catch (ConnectionLost second) {
                throw unavailable("the database connection was lost twice; nothing was written", second.getCause());
            }
        }
    }

    /**
     * How a transaction that lost a race to another writer is run again, for every caller alike: up to
     * {@value #RACE_ATTEMPTS} attempts in all, after a jittered exponential backoff from 2 ms doubling to 100 ms so
     * that the writers spread out instead of colliding again in step.
     */
    static final int RACE_ATTEMPTS = 10;
    private static final RetryPolicy<Object> LOST_RACES = RetryPolicy.builder()
            .handleIf(Database::isLostRace)
            .withMaxAttempts(RACE_ATTEMPTS)
            .withBackoff(Duration.ofMillis(2), Duration.ofMillis(100))
            .withJitter(0.5)
            .build();

    /**
     * As {@link #inTransaction}, for work that is safe to repeat (it reads what it changes): a transaction that
     * loses a race to another writer ({@link #isLostRace}) runs again under the one shared policy described at
     * {@link #RACE_ATTEMPTS}.
     *
     * @throws BacktestException {@link ErrorCode#CONCURRENT_MODIFICATION} when every attempt lost its race
     */
    public <T> T inTransactionRetryingRaces(Function<EntityManager, T> work) {
        try {
            return Failsafe.with(LOST_RACES).get(() -> inTransaction(work));
        } catch (RuntimeException e) {
            if (!isLostRace(e)) {
                throw e;
            }
            throw new BacktestException(ErrorCode.CONCURRENT_MODIFICATION, "the record was changed by other requests "
                    + RACE_ATTEMPTS + " times while this one ran; try again", e);
        }
    }

    /** A connection failure before the commit: the database rolled the transaction back, so it may run again. */
    private static final class ConnectionLost extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ConnectionLost(Throwable cause) {
            super(null, cause, false, false);
        }
    }

    private <T> T attempt(Function<EntityManager, T> work) {
        EntityManager em;
        try {
            em = entityManagerFactory.createEntityManager();
        } catch (RuntimeException e) {
            throw isConnectionFailure(e) ? unavailable("no database connection could be had", e) : e;
        }
        EntityTransaction tx = em.getTransaction();
        boolean committing = false;
        try {
            tx.begin();
            T result = work.apply(em);
            committing = true;
            tx.commit();
            return result;
        } catch (RuntimeException e) {
            rollbackQuietly(tx, e);
            if (!(e instanceof BacktestException) && isLostRace(e)) {
                throw new BacktestException(ErrorCode.CONCURRENT_MODIFICATION,
                        "another request changed the same record at the same time; nothing was written, try again", e);
            }
            if (e instanceof BacktestException || !isConnectionFailure(e)) {
                throw e;
            }
            if (isPoolExhausted(e)) {
                throw unavailable("no database connection could be had", e);
            }
            if (committing) {
                throw unavailable("the database connection was lost while committing; the change may or may not have been saved", e);
            }
            throw new ConnectionLost(e);
        } finally {
            try {
                em.close();
            } catch (RuntimeException e) {
                LOG.debug("Closing an entity manager failed: {}", e.toString());
            }
        }
    }

    private static void rollbackQuietly(EntityTransaction tx, RuntimeException cause) {
        try {
            if (tx.isActive()) {
                tx.rollback();
            }
        } catch (RuntimeException e) {
            // on a dead connection the rollback fails too; the database rolls back by itself
            cause.addSuppressed(e);
        }
    }

    private BacktestException unavailable(String what, Throwable cause) {
        return new BacktestException(ErrorCode.DATABASE_UNAVAILABLE, "database " + url.kind().name().toLowerCase(java.util.Locale.ROOT)
                + " unavailable: " + what + " (" + rootMessage(cause) + "); try again", cause);
    }

    /** The pool's connections at this moment (H2's pool counts only those in use and its maximum). */
    public PoolStats poolStats() {
        if (dataSource instanceof HikariDataSource hikari && hikari.getHikariPoolMXBean() != null) {
            var pool = hikari.getHikariPoolMXBean();
            return new PoolStats(pool.getActiveConnections(), pool.getIdleConnections(), pool.getThreadsAwaitingConnection(),
                    hikari.getMaximumPoolSize());
        }
        if (dataSource instanceof JdbcConnectionPool h2) {
            return new PoolStats(h2.getActiveConnections(), -1, -1, h2.getMaxConnections());
        }
        return new PoolStats(-1, -1, -1, -1);
    }

    /**
     * Whether {@code e} means another writer changed the same rows first (an optimistic-lock failure on an
     * entity's {@code version}, a serialization failure, a deadlock or a lock timeout), so running the same
     * transaction again can succeed.
     */
    public static boolean isLostRace(Throwable e) {
        for (Throwable t = e; t != null; t = next(t)) {
            if (t instanceof jakarta.persistence.OptimisticLockException
                    || t instanceof org.eclipse.persistence.exceptions.OptimisticLockException
                    || t instanceof SQLException sql && sql.getSQLState() != null && RACE_STATES.contains(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code e} says the connection is gone or none could be had, as opposed to an error in the
     * statement: SQLState class 08 (connection exception), 57P01–57P03 (PostgreSQL: terminated by an
     * administrator, crash, not accepting connections), H2's broken connection / closed database, and
     * the JDBC connection exception types (HikariCP's pool timeout among them).
     */
    public static boolean isConnectionFailure(Throwable e) {
        for (Throwable t = e; t != null; t = next(t)) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || CONNECTION_LOST_STATES.contains(state)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isPoolExhausted(Throwable e) {
        for (Throwable t = e; t != null; t = next(t)) {
            if (t instanceof SQLTransientConnectionException) {
                return true;
            }
        }
        return false;
    }

    private static Throwable next(Throwable t) {
        Throwable cause = t.getCause();
        if (cause == null && t instanceof org.eclipse.persistence.exceptions.EclipseLinkException el) {
            cause = el.getInternalException();
        }
        return cause == t ? null : cause;
    }

    /**
     * Checks a connection can be had and answers a query.
     *
     * @return how long the round trip took
     * @throws BacktestException {@link ErrorCode#DATABASE_UNAVAILABLE} when it cannot
     */
    public Duration ping() {
        long start = System.nanoTime();
        try (Connection c = dataSource.getConnection()) {
            if (!c.isValid(3)) {
                throw new SQLException("connection is not valid");
            }
            return Duration.ofNanos(System.nanoTime() - start);
        } catch (SQLException e) {
            throw new BacktestException(ErrorCode.DATABASE_UNAVAILABLE, "database " + url + " is unreachable: " + e.getMessage(), e);
        }
    }

    public DatabaseKind kind() {
        return url.kind();
    }

    public DatabaseUrl url() {
        return url;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public EntityManagerFactory entityManagerFactory() {
        return entityManagerFactory;
    }

    @Override
    public void close() {
        try {
            if (entityManagerFactory.isOpen()) {
                entityManagerFactory.close();
            }
        } finally {
            closePool(dataSource);
        }
    }

    static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
