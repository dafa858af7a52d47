package dev.backtest.server.marketdata;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.backtest.engine.CandleSeries;
import dev.backtest.sdk.marketdata.CandleQuery;
import dev.backtest.server.http.CompressionFilter;
import dev.backtest.server.http.GzipResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.StreamingOutput;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The JSON of recently served candle answers and their ETags, so an identical repeat (a result-cache hit in the
 * SDK, which hands back the same series object) is a copy of bytes instead of formatting tens of thousands of
 * numbers again, and its {@code ETag} is a field read. Keyed by the series object itself (identity, not value) and
 * the request's parameters; only answers up to {@link #MAX_ENTRY_BYTES} are kept, at most {@link #MAX_TOTAL_BYTES}
 * in all (Caffeine, weighed in bytes), with their gzip form once a client asked for it. Larger answers and CSV are
 * always streamed straight from the arrays (compressed on the way by {@code CompressionFilter}), their ETag computed
 * per request.
 *
 * <p>The ETag is weak ({@code W/"..."}: the same for the plain and the gzipped body) and derived from the version
 * of the stored objects the series was computed from (their keys and ETags, {@link CandleQuery#dataVersion}) and
 * the normalised request: symbol, range, timeframe, layout, representation (JSON columns, JSON rows, CSV). A
 * refresh or an import that replaces an object changes it; repeating the request, in any spelling, does not.
 */
@ApplicationScoped
public class RenderedCandles {

    static final int MAX_ENTRY_BYTES = 2 * 1024 * 1024;
    static final long MAX_TOTAL_BYTES = maxTotalBytes(Runtime.getRuntime().maxMemory());
    /** A generous bound on the JSON bytes per candle (six numbers with names or commas). */
    private static final int BYTES_PER_CANDLE_BOUND = 160;

    /**
     * 32 MiB, at most a thirty-second of the heap: with the SDK's candle caches, about a third of a small heap
     * ({@code BacktestConfig.defaultHotTierBytes(long)}).
     */
    static long maxTotalBytes(long maxHeap) {
        return Math.min(32L << 20, maxHeap / 32);
    }

    /**
     * A candle answer ready to send: its ETag (null when the data's version is unknown), its entity (the kept bytes,
     * a {@code byte[]} the container writes with its length, or a {@link StreamingOutput}) and whether those bytes are
     * gzip already.
     */
    public record Answer(String etag, Object entity, boolean gzipped) {
    }

    /** The rendered JSON bytes and, once a client asked for it, their gzip form (null until then). */
    private record Entry(String etag, byte[] body, byte[] gzip) {
    }

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
    private final Cache<Key, Entry> entries = Caffeine.newBuilder()
            .maximumWeight(MAX_TOTAL_BYTES)
            .weigher((Key k, Entry e) -> e.body().length + (e.gzip() == null ? 0 : e.gzip().length) + 64)
            .build();

    /**
     * The JSON answer: from memory when this series was rendered before with these parameters; gzipped (and its gzip
     * form kept beside it) when the client takes gzip and the body is worth compressing, so a repeat costs no
     * compression either.
     */
    public Answer json(CandleQuery query, CandleSeries series, CandleParams params, boolean acceptsGzip) {
        if ((long) series.size() * BYTES_PER_CANDLE_BOUND > MAX_ENTRY_BYTES) {
            return new Answer(etag(query, series, params, params.format().name()), CandleBodies.json(series, params), false);
        }
        Key key = new Key(new IdentityOf(series), params);
        Entry entry = entries.getIfPresent(key);
        if (entry == null) {
            // the version the SDK stored with this very series: exact, whatever was refreshed since
            String etag = etag(query, series, params, params.format().name());
            entry = new Entry(etag, render(series, params), null);
            if (entry.body().length <= MAX_ENTRY_BYTES) {
                entries.put(key, entry);
            }
        }
        if (!acceptsGzip || entry.body().length <= CompressionFilter.THRESHOLD) {
            return new Answer(entry.etag(), entry.body(), false);
        }
        if (entry.gzip() == null) {
            // two threads may both compress the first time: the same bytes, the last put wins
            entry = new Entry(entry.etag(), entry.body(), GzipResponse.compress(entry.body()));
            if (entry.body().length <= MAX_ENTRY_BYTES) {
                entries.asMap().replace(key, entry);
            }
        }
        return new Answer(entry.etag(), entry.gzip(), true);
    }

    /** The CSV answer, streamed from the arrays; its ETag is computed each time (CSV is rarely repeated). */
    public Answer csv(CandleQuery query, CandleSeries series, CandleParams params) {
        return new Answer(etag(query, series, params, "CSV"), CandleBodies.csv(series), false);
    }

    /** Forgets every rendered answer (the admin's cache clear); returns how many there were. */
    public long clear() {
        long n = entries.estimatedSize();
        entries.invalidateAll();
        return n;
    }

    /** Weak ETag of an answer, or null when the SDK no longer knows which objects the series came from. */
    static String etag(CandleQuery query, CandleSeries series, CandleParams params, String representation) {
        return query.dataVersion(series).map(version -> etag(version, params, representation)).orElse(null);
    }

    static String etag(String version, CandleParams params, String representation) {
        String text = version + '\n' + params.symbol() + '|' + params.start() + '|' + params.end() + '|'
                + params.timeframe().code() + '|' + params.resolution().code() + '|' + representation;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "W/\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 18)) + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
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
