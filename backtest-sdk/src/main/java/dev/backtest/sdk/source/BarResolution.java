package dev.backtest.sdk.source;

/**
 * The width of the bars a source delivers and the store keeps: one minute, or one trading day (sources that have
 * nothing finer).
 *
 * <pre>{@code
 * if (source.resolutions().contains(BarResolution.MINUTE)) { ... }
 * }</pre>
 */
public enum BarResolution { MINUTE, DAILY }
