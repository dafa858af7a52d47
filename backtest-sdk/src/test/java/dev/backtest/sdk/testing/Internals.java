package dev.backtest.sdk.testing;

import dev.backtest.sdk.BacktestClient;
import dev.backtest.sdk.marketdata.internal.DuckDb;
import dev.backtest.sdk.persistence.internal.Database;

import java.lang.reflect.Field;

/**
 * What a test looks at inside a client that the API does not show: its database (to check rows as stored) and its
 * DuckDB instance (to write Parquet files as the store holds them). Tests only: users go through the services.
 */
public final class Internals {

    private Internals() {
    }

    public static Database database(BacktestClient client) {
        return field(client, "database", Database.class);
    }

    public static DuckDb duckDb(BacktestClient client) {
        return field(client, "duckDb", DuckDb.class);
    }

    private static <T> T field(BacktestClient client, String name, Class<T> type) {
        try {
            Field f = BacktestClient.class.getDeclaredField(name);
            f.setAccessible(true);
            return type.cast(f.get(client));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("BacktestClient has no field " + name, e);
        }
    }
}
