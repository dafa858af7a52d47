package dev.backtest.sdk.storage;

import java.time.Instant;

/** One stored object: key, size in bytes, ETag (changes whenever the content does) and modification time. */
public record ObjectInfo(String key, long size, String etag, Instant lastModified) {
}
