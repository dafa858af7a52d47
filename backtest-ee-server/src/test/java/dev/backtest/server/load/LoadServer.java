package dev.backtest.server.load;

import dev.backtest.sdk.testing.TestDatabases;
import dev.backtest.server.testing.ServerProcess;
import dev.backtest.server.testing.Tokens;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The server the load tests drive: the built uber-jar on PostgreSQL (a fresh schema), authentication on (HS256),
 * the local object store seeded with the sample candles, two run workers, and a rate limit far above what the
 * machine can send (the load comes from a few users; per-user limiting is tested elsewhere).
 */
record LoadServer(ServerProcess server, Tokens tokens, String databaseUrl) implements AutoCloseable {

    static LoadServer start(String name) throws Exception {
        Path dir = Files.createTempDirectory("backtest-" + name + "-");
        String db = TestDatabases.freshPostgresSchema();
        ServerProcess server = ServerProcess.start(name, dir, Map.of(
                "DATABASE_URL", db,
                "DB_POOL_MAX", "16",
                "SUPABASE_JWT_SECRET", Tokens.SECRET,
                "SUPABASE_URL", Tokens.SUPABASE_URL,
                "RATE_LIMIT_PER_SECOND", "1000000",
                "RATE_LIMIT_BURST", "1000000",
                "BACKTEST_WORKERS", "2"));
        return new LoadServer(server, new Tokens(), db);
    }

    /** Resident memory of the server process in MiB, from /proc. */
    long rssMiB() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + server.pid() + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        throw new IllegalStateException("no VmRSS for process " + server.pid());
    }

    @Override
    public void close() {
        server.close();
        TestDatabases.dropSchema(databaseUrl);
    }
}
