package dev.backtest.sdk.marketdata;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Aggregated candles by request. A range entirely before today is kept until the ETags of the
 * objects it was computed from change (bounded by size, least recently used first out); a range
 * touching today expires after {@link #RECENT_TTL}. Thread-safe.
 */
final class CandleCache {

    static final Duration RECENT_TTL = Duration.ofSeconds(60);

    record Key(String symbol, Instant start, Instant end, Timeframe timeframe, SourceResolution resolution) {
    }

    private record Entry(CandleSeries series, String signature, Instant created, boolean recent) {
    }

    private final long maxBytes;
    private final Clock clock;
    private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;
    private long hits;
    private long misses;
    private long evictions;

    CandleCache(long maxBytes, Clock clock) {
        this.maxBytes = maxBytes;
        this.clock = clock;
    }

    /** The cached series when it was computed from objects with exactly these ETags and has not expired. */
    synchronized Optional<CandleSeries> get(Key key, String signature) {
        Entry e = entries.get(key);
        if (e == null || !e.signature.equals(signature)
                || (e.recent && Duration.between(e.created, clock.instant()).compareTo(RECENT_TTL) >= 0)) {
            if (e != null) {
                remove(key);
            }
            misses++;
            return Optional.empty();
        }
        hits++;
        return Optional.of(e.series);
    }

    /**
     * The cached series whatever the ETags now are, for when the store cannot be asked (counted as a
     * hit; a miss is not counted because the caller fails anyway). A range touching today still
     * expires after {@link #RECENT_TTL}.
     */
    synchronized Optional<CandleSeries> getStale(Key key) {
        Entry e = entries.get(key);
        if (e == null || (e.recent && Duration.between(e.created, clock.instant()).compareTo(RECENT_TTL) >= 0)) {
            return Optional.empty();
        }
        hits++;
        return Optional.of(e.series);
    }

    synchronized void put(Key key, CandleSeries series, String signature) {
        long size = series.sizeInBytes();
        if (size > maxBytes) {
            return;
        }
        remove(key);
        boolean recent = key.end().isAfter(startOfToday());
        entries.put(key, new Entry(series, signature, clock.instant(), recent));
        bytes += size;
        Iterator<Map.Entry<Key, Entry>> eldest = entries.entrySet().iterator();
        while (bytes > maxBytes && eldest.hasNext()) {
            Map.Entry<Key, Entry> victim = eldest.next();
            bytes -= victim.getValue().series.sizeInBytes();
            eldest.remove();
            evictions++;
        }
    }

    synchronized CandleCacheStats stats() {
        return new CandleCacheStats(entries.size(), bytes, maxBytes, hits, misses, evictions);
    }

    private void remove(Key key) {
        Entry old = entries.remove(key);
        if (old != null) {
            bytes -= old.series.sizeInBytes();
        }
    }

    private Instant startOfToday() {
        long now = clock.instant().getEpochSecond();
        return Instant.ofEpochSecond(Math.floorDiv(now, 86_400L) * 86_400L);
    }
}
