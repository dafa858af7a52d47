package dev.backtest.sdk.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.backtest.sdk.BacktestException;
import dev.backtest.sdk.ErrorCode;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import org.eclipse.persistence.jpa.PersistenceProvider;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

/**
 * The relational store: a HikariCP pool, the Flyway-migrated schema and an EclipseLink
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

    private final DatabaseUrl url;
    private final HikariDataSource dataSource;
    private final EntityManagerFactory entityManagerFactory;

    private Database(DatabaseUrl url, HikariDataSource dataSource, EntityManagerFactory entityManagerFactory) {
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
        HikariDataSource dataSource = pool(url, poolMin, poolMax, poolName);
        try {
            migrate(url, dataSource);
            EntityManagerFactory emf = entityManagerFactory(url, dataSource, entities);
            return new Database(url, dataSource, emf);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
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

    private static void migrate(DatabaseUrl url, DataSource dataSource) {
        boolean postgres = url.kind() == DatabaseKind.POSTGRESQL;
        try {
            MigrateResult result = Flyway.configure(Database.class.getClassLoader())
                    .dataSource(dataSource)
                    .locations("classpath:db/migration/common", "classpath:db/migration/" + url.kind().migrationFolder())
                    .placeholders(Map.of(
                            "json_type", postgres ? "JSONB" : "CHARACTER VARYING",
                            "binary_type", postgres ? "BYTEA" : "VARBINARY"))
                    .load()
                    .migrate();
            LOG.info("Database schema at version {} ({} migrations applied now)",
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

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    public <T> T inTransaction(Function<EntityManager, T> work) {
        EntityManager em = entityManagerFactory.createEntityManager();
        EntityTransaction tx = em.getTransaction();
        try {
            tx.begin();
            T result = work.apply(em);
            tx.commit();
            return result;
        } catch (RuntimeException e) {
            if (tx.isActive()) {
                tx.rollback();
            }
            throw e;
        } finally {
            em.close();
        }
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
            dataSource.close();
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
