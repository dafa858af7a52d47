package dev.backtest.sdk.storage;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where the Parquet files live: a MinIO/S3 bucket or a local folder. Thread-safe. Keys are
 * validated by {@link ObjectKeys}; nothing outside the bucket can be named.
 *
 * <pre>{@code
 * ObjectStore store = client.storage();
 * ObjectPage page = store.list("ohlcv/1Y/symbol=BTC/", 100, null);
 * Optional<ObjectInfo> info = store.stat("ohlcv/1Y/symbol=BTC/year=2024/BTC_2024.parquet");
 * }</pre>
 */
public interface ObjectStore extends AutoCloseable {

    /** The most objects a status check counts. */
    int STATUS_COUNT_LIMIT = 10_000;
    /** The shortest and longest lifetime of a presigned URL. */
    Duration MIN_PRESIGN = Duration.ofSeconds(1);
    /** The longest validity of a presigned URL, in seconds: seven days, the S3 limit. */
    long MAX_PRESIGN_SECONDS = 604_800;
    Duration MAX_PRESIGN = Duration.ofSeconds(MAX_PRESIGN_SECONDS);

    String bucket();

    /** Reachability, bucket existence and object count; never throws. */
    StoreStatus status();

    /** Objects under {@code prefix}, in key order, after {@code startAfter} (null for the first page). */
    ObjectPage list(String prefix, int limit, String startAfter);

    /** The object's metadata, or empty when there is none under the key. */
    Optional<ObjectInfo> stat(String key);

    /**
     * Downloads the object to {@code target} atomically (a temporary file renamed into place), and
     * returns the metadata of the version downloaded.
     */
    ObjectInfo download(String key, Path target);

    /** Stores the file under the key, replacing any object there. */
    ObjectInfo upload(String key, Path source);

    /** Removes the object under the key; a missing object is not an error (deletes are idempotent). */
    void delete(String key);

    /** A URL that fetches the object with a plain HTTP GET until it expires. */
    URI presignedGet(String key, Duration expiry);

    /** Whether there is no object at all in the bucket. */
    default boolean isEmpty() {
        return list("", 1, null).objects().isEmpty();
    }

    @Override
    void close();
}
