package dev.backtest.sdk.source;

import java.util.Set;
import java.util.stream.Stream;

/**
 * A provider of market data: Yahoo Finance, Alpaca, Twelve Data, a crypto exchange, or files. Implementations are
 * thread-safe, read their keys from configuration (never logging them), time out, retry with backoff honouring
 * {@code 429} and {@code Retry-After}, stop calling a provider that keeps failing (circuit breaker) and keep to its
 * rate limit.
 *
 * <pre>{@code
 * try (Stream<SourceBar> bars = source.fetch(new FetchRequest("SPY", "SPY", BarResolution.DAILY, from, to))) {
 *     bars.forEach(b -> ...);
 * }
 * }</pre>
 */
public interface BarSource {

    /** The lower-case name used in configuration: {@code yahoo}, {@code alpaca}, {@code twelvedata}, {@code binance}, {@code file}. */
    String name();

    /** The bar widths it delivers. */
    Set<BarResolution> resolutions();

    /**
     * The bars of the request in ascending time order without duplicate times, produced lazily (a provider that pages
     * is asked for the next page as the stream is read); closing the stream stops the paging.
     *
     * @throws dev.backtest.error.BacktestException {@code DATA_FETCH_FAILED} (retryable) naming the provider, the symbol and
     *         the reason, with {@code provider}, {@code symbol}, {@code reason} and, when known, {@code retry_after_seconds}
     *         in its details; a failure never touches stored data
     */
    Stream<SourceBar> fetch(FetchRequest request);
}
