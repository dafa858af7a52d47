package dev.backtest.server.marketdata;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.backtest.engine.CandleSeries;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.StreamingOutput;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The JSON of recently served candle answers, so an identical repeat (a result-cache hit in the
 * SDK, which hands back the same series object) is a copy of bytes instead of formatting tens of
 * thousands of numbers again. Keyed by the series object itself (identity, not value) and the
 * request's parameters; only answers up to {@link #MAX_ENTRY_BYTES} are kept, at most
 * {@link #MAX_TOTAL_BYTES} in all (Caffeine, weighed in bytes). Larger answers are always
 * streamed straight from the arrays.
 */
@ApplicationScoped
public class RenderedCandles {

    static final int MAX_ENTRY_BYTES = 2 * 1024 * 1024;
    static final long MAX_TOTAL_BYTES = 32L * 1024 * 1024;
    /** A generous bound on the JSON bytes per candle (six numbers with names or commas). */
    private static final int BYTES_PER_CANDLE_BOUND = 160;

    private record Key(IdentityOf series, CandleParams params) {
    }

    /** Equality by object identity: two equal series computed separately are different entries. */
    private record IdentityOf(CandleSeries series) {
        @Override
        public boolean equals(Object o) {
            return o instanceof IdentityOf other && other.series == series;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(series);
        }
    }

    // Caffeine reads take no lock: cached candle answers are the most frequent requests, from many threads at once
    private final Cache<Key, byte[]> entries = Caffeine.newBuilder()
            .maximumWeight(MAX_TOTAL_BYTES)
            .weigher((Key k, byte[] body) -> body.length)
            .build();

    /** The answer's JSON body: from memory when this series was rendered before with these parameters. */
    public StreamingOutput json(CandleSeries series, CandleParams params) {
        if ((long) series.size() * BYTES_PER_CANDLE_BOUND > MAX_ENTRY_BYTES) {
            return CandleBodies.json(series, params);
        }
        Key key = new Key(new IdentityOf(series), params);
        byte[] body = entries.getIfPresent(key);
        if (body == null) {
            body = render(series, params);
            if (body.length <= MAX_ENTRY_BYTES) {
                entries.put(key, body);
            }
        }
        byte[] ready = body;
        return out -> out.write(ready);
    }

    /** Forgets every rendered answer (the admin's cache clear); returns how many there were. */
    public long clear() {
        long n = entries.estimatedSize();
        entries.invalidateAll();
        return n;
    }

    private static byte[] render(CandleSeries series, CandleParams params) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(Math.max(1024, series.size() * 64));
        try {
            CandleBodies.json(series, params).write(buffer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }
}
