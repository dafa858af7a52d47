package dev.backtest.sdk.source;

/**
 * One bar from a provider: its start in epoch seconds UTC (a daily bar starts at 00:00 UTC of its trading date),
 * open, high, low, close and volume, and the adjusted close when the provider gives one apart from the raw close
 * (NaN otherwise: the raw prices are what the store keeps and the engine trades on).
 *
 * <pre>{@code
 * source.fetch(request).forEach(b -> System.out.println(Instant.ofEpochSecond(b.time()) + " " + b.close()));
 * }</pre>
 */
public record SourceBar(long time, double open, double high, double low, double close, double volume, double adjustedClose) {
}
