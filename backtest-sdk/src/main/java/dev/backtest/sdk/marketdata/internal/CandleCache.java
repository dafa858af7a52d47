package dev.backtest.sdk.marketdata.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.stats.ConcurrentStatsCounter;
import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.Timeframe;
import dev.backtest.sdk.marketdata.CandleCacheStats;
import dev.backtest.sdk.marketdata.SourceResolution;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Aggregated candles by request, in a Caffeine cache weighed in bytes. A range entirely before today is kept until
 * the ETags of the objects it was computed from change (bounded by size); a range touching today expires after
 * {@link #RECENT_TTL}. Thread-safe; reads take no lock.
 *
 * <p>Hits and misses are counted by this class's rules into Caffeine's stats counter (a stale signature is a miss,
 * a {@link #peek} miss is left to the {@link #get} that follows); evictions are counted by Caffeine.
 */
final class CandleCache {

    static final Duration RECENT_TTL = Duration.ofSeconds(60);

    record Key(String symbol, Instant start, Instant end, Timeframe timeframe, SourceResolution resolution) {
    }

    /** Compared by identity (not a record): removing a stale entry must not compare a million candles. */
    private static final class Entry {
        private final CandleSeries series;
        private final String signature;
        private final boolean recent;

        Entry(CandleSeries series, String signature, boolean recent) {
            this.series = series;
            this.signature = signature;
            this.recent = recent;
        }

        CandleSeries series() {
            return series;
        }

        String signature() {
            return signature;
        }

        boolean recent() {
            return recent;
        }
    }

    private final long maxBytes;
    private final Clock clock;
    private final ConcurrentStatsCounter stats = new ConcurrentStatsCounter();
    private final Cache<Key, Entry> entries;

    CandleCache(long maxBytes, Clock clock) {
        this.maxBytes = maxBytes;
        this.clock = clock;
        this.entries = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((Key k, Entry e) -> (int) Math.min(Integer.MAX_VALUE, e.series().sizeInBytes()))
                .expireAfter(new RecentExpiry())
                .ticker(() -> clock.millis() * 1_000_000L)
                // maintenance on the calling thread: the figures are exact right after a put
                .executor(Runnable::run)
                .recordStats(() -> stats)
                .build();
    }

    /**
     * As {@link #get} for a caller that will ask {@link #get} on a miss: a hit counts, a miss or a stale entry is
     * left for that call to count and drop.
     */
    Optional<CandleSeries> peek(Key key, String signature) {
        Entry e = entries.policy().getIfPresentQuietly(key);
        if (e == null || !e.signature().equals(signature)) {
            return Optional.empty();
        }
        return Optional.of(hit(e));
    }

    /** The cached series when it was computed from objects with exactly these ETags and has not expired. */
    Optional<CandleSeries> get(Key key, String signature) {
        Entry e = entries.policy().getIfPresentQuietly(key);
        if (e == null || !e.signature().equals(signature)) {
            if (e != null) {
                entries.asMap().remove(key, e);
            }
            stats.recordMisses(1);
            return Optional.empty();
        }
        return Optional.of(hit(e));
    }

    /**
     * The cached series whatever the ETags now are, for when the store cannot be asked (counted as a
     * hit; a miss is not counted because the caller fails anyway). A range touching today still
     * expires after {@link #RECENT_TTL}.
     */
    Optional<CandleSeries> getStale(Key key) {
        Entry e = entries.policy().getIfPresentQuietly(key);
        return e == null ? Optional.empty() : Optional.of(hit(e));
    }

    /**
     * The signature (stored objects' keys and ETags) that {@code series} was computed from, when it is the entry
     * cached under {@code key} (compared by identity: the series and its signature were stored together, so a
     * refresh in between cannot pair new data with an old signature). Not counted as a hit or a miss.
     */
    Optional<String> signatureOf(Key key, CandleSeries series) {
        Entry e = entries.policy().getIfPresentQuietly(key);
        return e != null && e.series() == series ? Optional.of(e.signature()) : Optional.empty();
    }

    void put(Key key, CandleSeries series, String signature) {
        if (series.sizeInBytes() > maxBytes) {
            return;
        }
        entries.put(key, new Entry(series, signature, key.end().isAfter(startOfToday())));
    }

    /** Forgets the entries of {@code symbol}, or all when it is null; returns how many. */
    int invalidate(String symbol) {
        int before = entries.asMap().size();
        if (symbol == null) {
            entries.invalidateAll();
        } else {
            entries.asMap().keySet().removeIf(k -> k.symbol().equals(symbol));
        }
        entries.cleanUp();
        return Math.max(0, before - entries.asMap().size());
    }

    CandleCacheStats stats() {
        long bytes = entries.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
        var s = stats.snapshot();
        return new CandleCacheStats((int) entries.estimatedSize(), bytes, maxBytes, s.hitCount(), s.missCount(), s.evictionCount());
    }

    private CandleSeries hit(Entry e) {
        stats.recordHits(1);
        return e.series();
    }

    private Instant startOfToday() {
        long now = clock.instant().getEpochSecond();
        return Instant.ofEpochSecond(Math.floorDiv(now, 86_400L) * 86_400L);
    }

    /** Ranges touching today live {@link #RECENT_TTL} from their creation; others until evicted. */
    private static final class RecentExpiry implements Expiry<Key, Entry> {
        @Override
        public long expireAfterCreate(Key key, Entry e, long now) {
            return e.recent() ? RECENT_TTL.toNanos() : Long.MAX_VALUE;
        }

        @Override
        public long expireAfterUpdate(Key key, Entry e, long now, long current) {
            return expireAfterCreate(key, e, now);
        }

        @Override
        public long expireAfterRead(Key key, Entry e, long now, long current) {
            return current;
        }
    }
}
