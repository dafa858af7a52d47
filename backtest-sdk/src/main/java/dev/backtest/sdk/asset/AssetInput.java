package dev.backtest.sdk.asset;

/**
 * The fields of an asset to create, or to change (null: unchanged). On create {@code symbol}, {@code name} and
 * {@code assetClass} are required; {@code currency} defaults to {@code USD} and {@code active} to true. The symbol
 * cannot be changed by an update.
 *
 * <pre>{@code
 * AssetInput spy = new AssetInput("SPY", "SPDR S&P 500 ETF", "index", null, "USD", "NYSE", true);
 * AssetInput retire = new AssetInput(null, null, null, null, null, null, false);
 * }</pre>
 *
 * @param symbol     1–20 characters of {@code A-Z 0-9 . _ -}
 * @param name       1–{@value AssetService#MAX_NAME} characters
 * @param assetClass {@code equity}, {@code crypto}, {@code fx}, {@code commodity} or {@code index}
 * @param sector     at most {@value AssetService#MAX_SECTOR} characters, or null
 * @param currency   1–12 letters or digits
 * @param exchange   at most {@value AssetService#MAX_EXCHANGE} characters, or null
 * @param active     whether new indexes may hold it
 */
public record AssetInput(String symbol, String name, String assetClass, String sector, String currency, String exchange,
                         Boolean active) {
}
