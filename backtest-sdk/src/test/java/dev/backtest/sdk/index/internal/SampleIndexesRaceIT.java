package dev.backtest.sdk.index.internal;

import dev.backtest.sdk.config.DatabaseKind;
import dev.backtest.sdk.testing.BothDatabases;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Instances starting together on one database seed the sample assets and index once between them, and none of them
 * fails for it (a server that lost the race used to stop with a unique violation on {@code assets_symbol_unique}).
 */
class SampleIndexesRaceIT {

    @RegisterExtension
    static final BothDatabases DBS = new BothDatabases();

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void instancesSeedingTogetherSeedOnceAndNoneFails(DatabaseKind kind) throws Exception {
        int instances = 4;
        CyclicBarrier start = new CyclicBarrier(instances);
        ExecutorService pool = Executors.newFixedThreadPool(instances);
        try {
            List<Future<Boolean>> seeded = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                seeded.add(pool.submit(() -> {
                    start.await();
                    return SampleIndexes.seedIfEmpty(DBS.get(kind));
                }));
            }
            int yes = 0;
            for (Future<Boolean> f : seeded) {
                yes += f.get() ? 1 : 0;
            }
            assertThat(yes).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        long assets = DBS.get(kind).inTransaction(em -> em.createQuery("select count(a) from AssetRecord a", Long.class).getSingleResult());
        long indexes = DBS.get(kind).inTransaction(em -> em.createQuery("select count(i) from IndexDefinition i", Long.class).getSingleResult());
        assertThat(assets).isEqualTo(3);
        assertThat(indexes).isEqualTo(1);
    }
}
