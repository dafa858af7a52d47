package dev.backtest.server.marketdata;

/**
 * One symbol of {@link RefreshBody}: the store's symbol, an enabled source, the provider's symbol (default: the
 * symbol) and the resolution to store ({@code 1m} or {@code 1d}; default: the finest the source delivers).
 */
public record RefreshSymbol(String symbol, String source, String providerSymbol, String resolution) {
}
