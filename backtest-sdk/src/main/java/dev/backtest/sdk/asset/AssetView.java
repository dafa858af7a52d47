package dev.backtest.sdk.asset;

import java.time.OffsetDateTime;

/**
 * An asset as everyone may read it. In JSON: {@code symbol}, {@code name}, {@code asset_class}, {@code sector},
 * {@code currency}, {@code exchange}, {@code active}, {@code created_at}, {@code updated_at}.
 *
 * <pre>{@code
 * AssetView btc = client.assets().get("BTC");
 * System.out.println(btc.name() + " (" + btc.assetClass().wire() + ", " + btc.currency() + ")");
 * }</pre>
 */
public record AssetView(String symbol, String name, AssetClass assetClass, String sector, String currency, String exchange,
                        boolean active, OffsetDateTime createdAt, OffsetDateTime updatedAt) {
}
