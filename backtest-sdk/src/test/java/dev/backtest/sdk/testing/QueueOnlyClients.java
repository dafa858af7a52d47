package dev.backtest.sdk.testing;

import dev.backtest.sdk.BacktestClient;
import dev.backtest.sdk.config.ConfigKey;
import dev.backtest.sdk.config.DatabaseKind;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A test class's clients, one per database (a fresh H2 database, a fresh PostgreSQL schema), that only queue runs and
 * sweeps: no worker executes them, so they stay queued until cancelled. Opened before the class's tests, closed
 * after them (the schemas dropped, the data folder deleted).
 *
 * <pre>{@code
 * @RegisterExtension
 * static final QueueOnlyClients clients = new QueueOnlyClients();
 * }</pre>
 */
public final class QueueOnlyClients implements BeforeAllCallback, AfterAllCallback {

    private Path dataDir;
    private final Map<DatabaseKind, BacktestClient> clients = new EnumMap<>(DatabaseKind.class);
    private final List<String> postgresSchemas = new ArrayList<>();

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dataDir = Files.createTempDirectory("queue-only-clients");
        clients.put(DatabaseKind.POSTGRESQL, client(freshUrl(DatabaseKind.POSTGRESQL), Map.of()));
        clients.put(DatabaseKind.H2, client(freshUrl(DatabaseKind.H2), Map.of()));
    }

    /** The shared client on the database of {@code kind}. */
    public BacktestClient get(DatabaseKind kind) {
        return clients.get(kind);
    }

    /** A new empty database of {@code kind} (a PostgreSQL schema is dropped on close). */
    public String freshUrl(DatabaseKind kind) {
        if (kind == DatabaseKind.H2) {
            return TestDatabases.freshH2();
        }
        String url = TestDatabases.freshPostgresSchema();
        postgresSchemas.add(url);
        return url;
    }

    /** Another queue-only client on {@code url} with {@code settings}; the caller closes it. */
    public BacktestClient client(String url, Map<ConfigKey, String> settings) {
        BacktestClient.Builder b = BacktestClient.builder().ignoreEnvironment().embedded(dataDir).databaseUrl(url)
                .set(ConfigKey.BACKTEST_WORKERS, "0");
        settings.forEach(b::set);
        return b.build();
    }

    /** A user the client has seen. */
    public static UUID newUser(BacktestClient c) {
        UUID id = UUID.randomUUID();
        c.users().ensure(id, id + "@example.com");
        return id;
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        clients.values().forEach(BacktestClient::close);
        clients.clear();
        postgresSchemas.forEach(TestDatabases::dropSchema);
        postgresSchemas.clear();
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
