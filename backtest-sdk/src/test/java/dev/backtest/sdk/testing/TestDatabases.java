package dev.backtest.sdk.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * Databases for tests. PostgreSQL: the server at {@code BACKTEST_TEST_DATABASE_URL} (default
 * {@code jdbc:postgresql://127.0.0.1:5432/test}, user {@code postgres}), or, where none answers, an
 * embedded PostgreSQL started once per JVM. Each caller gets a fresh schema, so test classes never
 * see each other's rows. H2: a fresh in-memory or file database.
 */
public final class TestDatabases {

    private static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    private static volatile String baseUrl;
    private static EmbeddedPostgres embedded;

    private TestDatabases() {
    }

    /** A PostgreSQL URL (user in the URL) whose current schema is new and empty. */
    public static synchronized String freshPostgresSchema() {
        String base = postgresBaseUrl();
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(base); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create schema on " + base, e);
        }
        return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** Drops the schema named in a URL from {@link #freshPostgresSchema()}. */
    public static void dropSchema(String url) {
        String schema = url.substring(url.indexOf("currentSchema=") + "currentSchema=".length());
        try (Connection c = DriverManager.getConnection(postgresBaseUrl()); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop schema " + schema, e);
        }
    }

    /** A fresh H2 database in PostgreSQL mode, in memory (kept while any connection is open). */
    public static String freshH2() {
        return "jdbc:h2:mem:t" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";
    }

    /** A fresh H2 file database in {@code dir}. */
    public static String freshH2File(Path dir) {
        return "jdbc:h2:file:" + dir.toAbsolutePath().resolve("db-" + UUID.randomUUID());
    }

    /** The base PostgreSQL URL with credentials, resolved once. */
    public static synchronized String postgresBaseUrl() {
        if (baseUrl != null) {
            return baseUrl;
        }
        String configured = System.getenv("BACKTEST_TEST_DATABASE_URL");
        String url = configured == null || configured.isBlank() ? DEFAULT_URL : configured;
        if (!url.contains("user=")) {
            url = url + (url.contains("?") ? "&" : "?") + "user=postgres";
        }
        if (answers(url)) {
            System.out.println("[TestDatabases] using PostgreSQL at " + url.replaceAll("password=[^&]*", "password=***"));
            baseUrl = url;
            return url;
        }
        try {
            embedded = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    embedded.close();
                } catch (IOException ignored) {
                    // the JVM is going away
                }
            }));
            baseUrl = embedded.getJdbcUrl("postgres", "postgres");
            System.out.println("[TestDatabases] no PostgreSQL at " + url + "; started embedded PostgreSQL at " + baseUrl);
            return baseUrl;
        } catch (IOException e) {
            throw new IllegalStateException("no PostgreSQL at " + url + " and the embedded one did not start", e);
        }
    }

    private static boolean answers(String url) {
        DriverManager.setLoginTimeout(3);
        try (Connection c = DriverManager.getConnection(url)) {
            return c.isValid(3);
        } catch (SQLException e) {
            return false;
        }
    }
}
