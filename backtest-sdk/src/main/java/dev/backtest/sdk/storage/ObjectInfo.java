package dev.backtest.sdk.storage;

import java.time.Instant;

/**
 * One stored object: key, size in bytes, ETag (changes whenever the content does) and modification time.
 *
 * <pre>{@code
 * Optional<ObjectInfo> info = client.storage().stat("ohlcv/1Y/symbol=BTC/year=2024/BTC_2024.parquet");
 * info.ifPresent(o -> System.out.println(o.size() + " bytes, ETag " + o.etag() + ", modified " + o.lastModified()));
 * }</pre>
 */
public record ObjectInfo(String key, long size, String etag, Instant lastModified) {
}
