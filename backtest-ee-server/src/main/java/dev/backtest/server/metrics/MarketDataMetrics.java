package dev.backtest.server.metrics;

import dev.backtest.sdk.marketdata.MarketDataListener;
import dev.backtest.engine.Timeframe;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

import java.time.Duration;

/**
 * The SDK's market-data events as MicroProfile metrics (Prometheus text at {@code /metrics}):
 * candle queries by cache outcome, result-cache hits and misses, DuckDB aggregation time, object
 * downloads into the local file cache. Plugged into the client by {@code ClientProducer}.
 */
@ApplicationScoped
public class MarketDataMetrics implements MarketDataListener {

    @Inject
    MetricRegistry registry;

    private Timer queryHit;
    private Timer queryMiss;
    private Counter cacheHits;
    private Counter cacheMisses;
    private Timer duckDb;
    private Timer downloadTime;
    private Counter downloadBytes;

    @PostConstruct
    void register() {
        Metadata query = Metadata.builder().withName("marketdata_candle_query")
                .withDescription("Candle queries answered by the SDK, by result-cache outcome").withUnit(MetricUnits.SECONDS).build();
        queryHit = registry.timer(query, new Tag("cache", "hit"));
        queryMiss = registry.timer(query, new Tag("cache", "miss"));
        cacheHits = registry.counter(Metadata.builder().withName("marketdata_cache_hits")
                .withDescription("Candle queries answered from the result cache").build());
        cacheMisses = registry.counter(Metadata.builder().withName("marketdata_cache_misses")
                .withDescription("Candle queries computed from the stored files").build());
        duckDb = registry.timer(Metadata.builder().withName("marketdata_duckdb_query")
                .withDescription("DuckDB aggregation time per candle query").withUnit(MetricUnits.SECONDS).build());
        downloadTime = registry.timer(Metadata.builder().withName("marketdata_object_download")
                .withDescription("Objects downloaded from the object store into the local file cache").withUnit(MetricUnits.SECONDS)
                .build());
        downloadBytes = registry.counter(Metadata.builder().withName("marketdata_object_downloaded")
                .withDescription("Bytes downloaded from the object store into the local file cache").withUnit(MetricUnits.BYTES).build());
    }

    @Override
    public void queryCompleted(String symbol, Timeframe timeframe, int rows, long nanos, boolean cacheHit) {
        (cacheHit ? queryHit : queryMiss).update(Duration.ofNanos(nanos));
        (cacheHit ? cacheHits : cacheMisses).inc();
    }

    @Override
    public void objectDownloaded(String key, long bytes, long nanos) {
        downloadTime.update(Duration.ofNanos(nanos));
        downloadBytes.inc(bytes);
    }

    @Override
    public void duckDbQuery(long nanos) {
        duckDb.update(Duration.ofNanos(nanos));
    }
}
