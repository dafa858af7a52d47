package dev.backtest.sdk.testing;

import dev.backtest.sdk.BacktestClient;
import dev.backtest.sdk.config.ConfigKey;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Two embedded clients on one data folder with the sample data and no workers, one on a fresh H2 database and one on a
 * fresh PostgreSQL schema, for SDK tests that must pass on both: opened before a test class's first test, closed (the
 * schema dropped) after its last.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final BothClients CLIENTS = new BothClients();
 * ... CLIENTS.on("h2").scenarios() ...
 * }</pre>
 */
public final class BothClients implements BeforeAllCallback, AfterAllCallback {

    private String postgres;
    private BacktestClient h2;
    private BacktestClient pg;

    @Override
    public void beforeAll(ExtensionContext context) {
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("both-clients-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        postgres = TestDatabases.freshPostgresSchema();
        h2 = client(dataDir, TestDatabases.freshH2());
        pg = client(dataDir, postgres);
    }

    private static BacktestClient client(Path dataDir, String url) {
        return BacktestClient.builder().ignoreEnvironment().embedded(dataDir).databaseUrl(url).sampleData(true)
                .set(ConfigKey.BACKTEST_WORKERS, "0").build();
    }

    public BacktestClient h2() {
        return h2;
    }

    public BacktestClient pg() {
        return pg;
    }

    /** The client of {@code "h2"} or {@code "postgresql"} (a parameterized test's value). */
    public BacktestClient on(String db) {
        return db.equals("h2") ? h2 : pg;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        for (BacktestClient c : new BacktestClient[] {h2, pg}) {
            if (c != null) {
                c.close();
            }
        }
        if (postgres != null) {
            TestDatabases.dropSchema(postgres);
        }
    }
}
