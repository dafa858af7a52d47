package dev.backtest.sdk.testing;

import dev.backtest.sdk.config.DatabaseKind;
import dev.backtest.sdk.config.DatabaseUrl;
import dev.backtest.sdk.internal.Entities;
import dev.backtest.sdk.persistence.internal.Database;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.EnumMap;
import java.util.Map;

/**
 * A migrated H2 database and a migrated PostgreSQL schema, both fresh, for tests that must pass on
 * both: opened before a test class's first test, closed (the PostgreSQL schema dropped) after its last.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final BothDatabases DBS = new BothDatabases();
 * ... DBS.get(DatabaseKind.H2) ...
 * }</pre>
 */
public final class BothDatabases implements BeforeAllCallback, AfterAllCallback {

    private final Map<DatabaseKind, Database> databases = new EnumMap<>(DatabaseKind.class);
    private String postgresUrl;

    @Override
    public void beforeAll(ExtensionContext context) {
        postgresUrl = TestDatabases.freshPostgresSchema();
        databases.put(DatabaseKind.POSTGRESQL, Database.open(DatabaseUrl.parse(postgresUrl), 1, 4, "test-pg", Entities.ALL));
        databases.put(DatabaseKind.H2, Database.open(DatabaseUrl.parse(TestDatabases.freshH2()), 1, 4, "test-h2", Entities.ALL));
    }

    public Database get(DatabaseKind kind) {
        return databases.get(kind);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        databases.values().forEach(Database::close);
        databases.clear();
        if (postgresUrl != null) {
            TestDatabases.dropSchema(postgresUrl);
        }
    }
}
