package dev.backtest.sdk;

import dev.backtest.sdk.marketdata.CandleCacheStats;
import dev.backtest.sdk.persistence.PoolStats;
import dev.backtest.sdk.run.QueueDepth;
import dev.backtest.sdk.storage.StoreStatus;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.List;

/**
 * What an operator looks at when something is slow or stuck: the connection pool, the run queue by task kind, the
 * object store's reachability and latency, DuckDB's memory, the JVM's heap, collectors and threads, and the candle
 * caches. Taken at {@link #takenAt()}; each part is read independently (a part that cannot be read says so: -1 or an
 * unreachable store), so diagnostics work while a dependency is down.
 *
 * <pre>{@code
 * Diagnostics d = client.diagnostics();
 * System.out.println(d.pool().active() + " of " + d.pool().max() + " connections in use; heap " + d.jvm().heapUsedBytes());
 * }</pre>
 *
 * @param queueError why the queue could not be read, or null
 */
public record Diagnostics(Instant takenAt, PoolStats pool, List<QueueDepth> queue, String queueError, Store storage,
                          long duckDbMemoryBytes, Jvm jvm, CandleCacheStats candleCache, long downloads) {

    public Diagnostics {
        queue = List.copyOf(queue);
    }

    /**
     * The object store: its kind and location, whether it answered, how long the check took, and why it failed.
     *
     * @param error null when it answered
     */
    public record Store(String kind, String location, String bucket, boolean reachable, double latencyMs, String error) {

        /** The parts of a status check an operator reads. */
        public static Store of(StoreStatus s) {
            return new Store(s.kind(), s.location(), s.bucket(), s.reachable(), s.latency().toNanos() / 1e6, s.error().orElse(null));
        }
    }

    /** The JVM: heap, each garbage collector's count and total time, and threads. */
    public record Jvm(long heapUsedBytes, long heapCommittedBytes, long heapMaxBytes, List<Collector> collectors,
                      int threads, int daemonThreads, int peakThreads, int availableProcessors) {

        public Jvm {
            collectors = List.copyOf(collectors);
        }

        /** This JVM now. */
        public static Jvm now() {
            MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            List<Collector> collectors = ManagementFactory.getGarbageCollectorMXBeans().stream()
                    .map(g -> new Collector(g.getName(), g.getCollectionCount(), g.getCollectionTime())).toList();
            return new Jvm(heap.getUsed(), heap.getCommitted(), heap.getMax(), collectors, threads.getThreadCount(),
                    threads.getDaemonThreadCount(), threads.getPeakThreadCount(), Runtime.getRuntime().availableProcessors());
        }
    }

    /**
     * One garbage collector: collections so far and their total time in milliseconds, as {@link GarbageCollectorMXBean}
     * reports them.
     */
    public record Collector(String name, long collections, long timeMs) {
    }
}
