package dev.backtest.sdk.marketdata;

import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.Timeframe;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Aggregated candles by request. A range entirely before today is kept until the ETags of the
 * objects it was computed from change (bounded by size, least recently used first out); a range
 * touching today expires after {@link #RECENT_TTL}. Thread-safe: reads take no lock (a server answers
 * most candle requests from here, from many threads at once); writes are serialised.
 */
final class CandleCache {

    static final Duration RECENT_TTL = Duration.ofSeconds(60);

    record Key(String symbol, Instant start, Instant end, Timeframe timeframe, SourceResolution resolution) {
    }

    private static final class Entry {
        final CandleSeries series;
        final String signature;
        final Instant created;
        final boolean recent;
        /** The tick of the last use: the entry with the smallest goes first when space is needed. */
        volatile long used;

        Entry(CandleSeries series, String signature, Instant created, boolean recent, long used) {
            this.series = series;
            this.signature = signature;
            this.created = created;
            this.recent = recent;
            this.used = used;
        }
    }

    private final long maxBytes;
    private final Clock clock;
    private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong ticks = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder evictions = new LongAdder();

    CandleCache(long maxBytes, Clock clock) {
        this.maxBytes = maxBytes;
        this.clock = clock;
    }

    /**
     * As {@link #get} for a caller that will ask {@link #get} on a miss: a hit counts, a miss or a stale entry is
     * left for that call to count and drop.
     */
    Optional<CandleSeries> peek(Key key, String signature) {
        Entry e = entries.get(key);
        if (e == null || !e.signature.equals(signature) || expired(e)) {
            return Optional.empty();
        }
        return Optional.of(hit(e));
    }

    /** The cached series when it was computed from objects with exactly these ETags and has not expired. */
    Optional<CandleSeries> get(Key key, String signature) {
        Entry e = entries.get(key);
        if (e == null || !e.signature.equals(signature) || expired(e)) {
            if (e != null) {
                remove(key, e);
            }
            misses.increment();
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
        Entry e = entries.get(key);
        if (e == null || expired(e)) {
            return Optional.empty();
        }
        return Optional.of(hit(e));
    }

    synchronized void put(Key key, CandleSeries series, String signature) {
        long size = series.sizeInBytes();
        if (size > maxBytes) {
            return;
        }
        boolean recent = key.end().isAfter(startOfToday());
        Entry old = entries.put(key, new Entry(series, signature, clock.instant(), recent, ticks.incrementAndGet()));
        if (old != null) {
            bytes.addAndGet(-old.series.sizeInBytes());
        }
        bytes.addAndGet(size);
        while (bytes.get() > maxBytes) {
            Map.Entry<Key, Entry> victim = null;
            for (Map.Entry<Key, Entry> candidate : entries.entrySet()) {
                if (victim == null || candidate.getValue().used < victim.getValue().used) {
                    victim = candidate;
                }
            }
            if (victim == null || !remove(victim.getKey(), victim.getValue())) {
                break;
            }
            evictions.increment();
        }
    }

    CandleCacheStats stats() {
        return new CandleCacheStats(entries.size(), bytes.get(), maxBytes, hits.sum(), misses.sum(), evictions.sum());
    }

    private CandleSeries hit(Entry e) {
        e.used = ticks.incrementAndGet();
        hits.increment();
        return e.series;
    }

    private boolean expired(Entry e) {
        return e.recent && Duration.between(e.created, clock.instant()).compareTo(RECENT_TTL) >= 0;
    }

    private boolean remove(Key key, Entry e) {
        if (entries.remove(key, e)) {
            bytes.addAndGet(-e.series.sizeInBytes());
            return true;
        }
        return false;
    }

    private Instant startOfToday() {
        long now = clock.instant().getEpochSecond();
        return Instant.ofEpochSecond(Math.floorDiv(now, 86_400L) * 86_400L);
    }
}
