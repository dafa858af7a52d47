package dev.backtest.sdk.persistence;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.config.DatabaseUrl;
import dev.backtest.sdk.internal.Entities;
import dev.backtest.sdk.persistence.internal.Database;
import dev.backtest.sdk.testing.TestDatabases;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * How the database is opened on real PostgreSQL: an unreachable one is tried again with backoff and then refused by
 * name; an existing schema of the original app without Flyway history is refused, or adopted at version 1 when
 * {@code DB_BASELINE_ON_MIGRATE} says so.
 */
class DatabaseStartupIT {

    @Test
    void anUnreachableDatabaseIsTriedAgainThenRefusedNamingTheAttempts() {
        long started = System.nanoTime();
        BacktestException e = catchThrowableOfType(BacktestException.class, () -> Database.open(
                DatabaseUrl.parse("jdbc:postgresql://127.0.0.1:1/nothing?user=postgres"),
                new Database.Startup(1, 2, "startup-it", 2, false), Entities.ALL));
        assertThat(e.code()).isEqualTo(ErrorCode.DATABASE_UNAVAILABLE);
        assertThat(e.retryable()).isTrue();
        assertThat(e.getMessage()).contains("was not reachable in 3 attempts (DB_CONNECT_RETRIES=2)").contains("127.0.0.1:1");
        // two waits of the backoff: 1 s, then 2 s
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void anExistingSchemaWithoutHistoryIsRefusedUnlessItIsBaselined() throws Exception {
        String url = TestDatabases.freshPostgresSchema();
        try {
            // the original app's tables, as this project's first migration writes them, but no Flyway history
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                for (String statement : v1Statements()) {
                    s.execute(statement);
                }
                s.execute("INSERT INTO users (id, email, created_at, updated_at) VALUES "
                        + "('00000000-0000-4000-8000-0000000000aa', 'kept@example.com', now(), now())");
            }
            BacktestException refused = catchThrowableOfType(BacktestException.class, () -> Database.open(DatabaseUrl.parse(url),
                    new Database.Startup(1, 2, "baseline-it", 0, false), Entities.ALL));
            assertThat(refused.getMessage()).contains("cannot migrate the database schema").contains("non-empty schema");

            try (Database db = Database.open(DatabaseUrl.parse(url), new Database.Startup(1, 2, "baseline-it", 0, true), Entities.ALL)) {
                assertThat(db.ping()).isPositive(); // reachable and migrated
            }
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                List<String> versions = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank")) {
                    while (rs.next()) {
                        versions.add(rs.getString(1));
                    }
                }
                assertThat(versions).startsWith("1").contains("2", "3", "4", "5");
                try (ResultSet rs = s.executeQuery("SELECT email FROM users")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).as("the existing rows are kept").isEqualTo("kept@example.com");
                }
            }
        } finally {
            TestDatabases.dropSchema(url);
        }
    }

    /** V1 with its placeholders filled as for PostgreSQL, split into statements. */
    private static List<String> v1Statements() throws Exception {
        String sql;
        try (var in = Database.class.getResourceAsStream("/db/migration/common/V1__schema.sql")) {
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        sql = sql.replace("${json_type}", "JSONB").replace("${json_text_type}", "JSON").replace("${binary_type}", "BYTEA");
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : sql.split("\n")) {
            if (line.strip().startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (line.strip().endsWith(";")) {
                out.add(current.toString().strip());
                current.setLength(0);
            }
        }
        return out;
    }
}
