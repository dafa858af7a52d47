package dev.backtest.sdk.marketdata.internal;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDriver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

/**
 * The one long-lived in-process DuckDB instance (in memory; it reads local Parquet files). Each
 * query takes its own connection from {@link #connect()} ({@code duplicate()} of the root
 * connection), so queries run concurrently. Loading the native library costs ~0.7 s once per JVM.
 * The client owns one, the instance the client opened, and closes it.
 *
 * <pre>{@code
 * DuckDb duckDb = DuckDb.open(tempDir, 2);
 * try (Connection c = duckDb.connect(); Statement s = c.createStatement();
 *      ResultSet rs = s.executeQuery("SELECT count(*) FROM read_parquet('/tmp/BTC_2024.parquet')")) {
 *     rs.next();
 *     long bars = rs.getLong(1);
 * }
 * Duration roundTrip = duckDb.ping();
 * }</pre>
 */
public final class DuckDb implements AutoCloseable {

    private final DuckDBConnection root;

    private DuckDb(DuckDBConnection root) {
        this.root = root;
    }

    /** Opens an in-memory instance that spills to {@code tempDir} when a query outgrows memory. */
    public static DuckDb open(Path tempDir, int threads) {
        try {
            Files.createDirectories(tempDir);
            Properties props = new Properties();
            props.setProperty("temp_directory", tempDir.toAbsolutePath().toString());
            props.setProperty("threads", Integer.toString(Math.max(1, threads)));
            // No network: DuckDB never fetches extensions here; objects are downloaded by the SDK.
            props.setProperty("autoinstall_known_extensions", "false");
            props.setProperty("autoload_known_extensions", "false");
            Connection c = new DuckDBDriver().connect("jdbc:duckdb:", props);
            try (Statement s = c.createStatement()) {
                s.execute("SET TimeZone = 'UTC'");
            } catch (SQLException noIcu) {
                // without ICU, TIMESTAMP is already zone-less UTC
            }
            return new DuckDb((DuckDBConnection) c);
        } catch (SQLException | IOException | RuntimeException e) {
            throw new BacktestException(ErrorCode.INTERNAL, "cannot start DuckDB: " + e.getMessage(), e);
        }
    }

    /** A new connection to the shared instance; close it when done. */
    public Connection connect() {
        try {
            return root.duplicate();
        } catch (SQLException e) {
            throw new BacktestException(ErrorCode.INTERNAL, "cannot open a DuckDB connection: " + e.getMessage(), e);
        }
    }

    /** Runs a trivial query; returns its round-trip time. */
    public Duration ping() {
        long start = System.nanoTime();
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 42")) {
            if (!rs.next() || rs.getInt(1) != 42) {
                throw new SQLException("unexpected answer");
            }
            return Duration.ofNanos(System.nanoTime() - start);
        } catch (SQLException e) {
            throw new BacktestException(ErrorCode.INTERNAL, "DuckDB does not answer: " + e.getMessage(), e);
        }
    }

    /** DuckDB's version string. */
    /** Memory DuckDB holds now (its buffer manager's count, {@code duckdb_memory()}); -1 when it cannot say. */
    public long memoryBytes() {
        try (Connection c = connect(); java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT coalesce(sum(memory_usage_bytes), 0) FROM duckdb_memory()")) {
            return rs.next() ? rs.getLong(1) : -1;
        } catch (java.sql.SQLException | RuntimeException e) {
            return -1;
        }
    }

    public String version() {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT version()")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new BacktestException(ErrorCode.INTERNAL, "DuckDB does not answer: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            root.close();
        } catch (SQLException ignored) {
            // closing an in-memory instance cannot lose data
        }
    }

    /** Quotes a file path as a DuckDB string literal. */
    static String literal(Path path) {
        return "'" + path.toAbsolutePath().toString().replace("'", "''") + "'";
    }
}
