package dev.backtest.sdk.storage.internal;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.storage.ObjectInfo;
import dev.backtest.sdk.storage.ObjectKeys;
import dev.backtest.sdk.storage.ObjectPage;
import dev.backtest.sdk.storage.ObjectStore;
import dev.backtest.sdk.storage.StoreStatus;
import io.minio.BucketExistsArgs;
import io.minio.DownloadObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.UploadObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.http.Method;
import io.minio.messages.Item;
import okhttp3.OkHttpClient;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * An object store on MinIO or any S3-compatible server, through the MinIO Java client. The HTTP
 * client is owned here and shut down by {@link #close()}, so no threads outlive the store. The client
 * builds one when {@code MINIO_ENDPOINT} is set ({@code BacktestClient.builder().minio(endpoint, accessKey, secretKey)}).
 *
 * <pre>{@code
 * try (MinioObjectStore store = new MinioObjectStore(URI.create("http://localhost:9000"), "minioadmin", "minioadmin", "candles")) {
 *     store.ensureBucket();
 *     store.upload(ParquetLayout.yearlyKey("BTC", 2024), Path.of("BTC_2024.parquet"));
 *     URI url = store.presignedGet(ParquetLayout.yearlyKey("BTC", 2024), Duration.ofMinutes(15));
 * }
 * }</pre>
 */
public final class MinioObjectStore implements ObjectStore {

    private final URI endpoint;
    private final String bucket;
    private final OkHttpClient http;
    private final MinioClient client;

    public MinioObjectStore(URI endpoint, String accessKey, String secretKey, String bucket) {
        this.endpoint = endpoint;
        this.bucket = bucket;
        this.http = new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(60))
                .writeTimeout(Duration.ofSeconds(60))
                .retryOnConnectionFailure(true)
                .build();
        this.client = MinioClient.builder().endpoint(endpoint.toString()).credentials(accessKey, secretKey).httpClient(http).build();
    }

    /** Creates the bucket when it does not exist yet. */
    public void ensureBucket() {
        call("create bucket " + bucket, () -> {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            }
            return null;
        });
    }

    @Override
    public String bucket() {
        return bucket;
    }

    @Override
    public StoreStatus status() {
        long start = System.nanoTime();
        try {
            boolean exists = client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build());
            long count = 0;
            if (exists) {
                for (Result<Item> r : client.listObjects(ListObjectsArgs.builder().bucket(bucket).recursive(true)
                        .maxKeys(1000).build())) {
                    r.get();
                    if (++count > STATUS_COUNT_LIMIT) {
                        break;
                    }
                }
            }
            return new StoreStatus("minio", endpoint.toString(), bucket, true, exists, Math.min(count, STATUS_COUNT_LIMIT),
                    count > STATUS_COUNT_LIMIT, Duration.ofNanos(System.nanoTime() - start),
                    exists ? Optional.empty() : Optional.of("bucket " + bucket + " does not exist"));
        } catch (Exception e) {
            return new StoreStatus("minio", endpoint.toString(), bucket, false, false, 0, false,
                    Duration.ofNanos(System.nanoTime() - start), Optional.of(describe(e)));
        }
    }

    @Override
    public ObjectPage list(String prefix, int limit, String startAfter) {
        String p = ObjectKeys.prefix(prefix);
        int max = Math.max(1, Math.min(limit, 1000));
        return call("list " + p, () -> {
            // one more than the page to learn whether another page follows; S3 caps a request at 1000
            // keys, and the iterator fetches the rest of the listing by itself
            ListObjectsArgs.Builder args = ListObjectsArgs.builder().bucket(bucket).prefix(p).recursive(true)
                    .maxKeys(Math.min(max + 1, 1000));
            if (startAfter != null) {
                args.startAfter(startAfter);
            }
            List<ObjectInfo> out = new ArrayList<>();
            boolean more = false;
            for (Result<Item> r : client.listObjects(args.build())) {
                Item item = r.get();
                if (out.size() == max) {
                    more = true;
                    break;
                }
                out.add(new ObjectInfo(item.objectName(), item.size(), stripQuotes(item.etag()),
                        item.lastModified() == null ? Instant.EPOCH : item.lastModified().toInstant()));
            }
            return new ObjectPage(out, more ? Optional.of(out.get(out.size() - 1).key()) : Optional.empty());
        });
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        String k = ObjectKeys.key(key);
        try {
            StatObjectResponse s = client.statObject(StatObjectArgs.builder().bucket(bucket).object(k).build());
            return Optional.of(new ObjectInfo(k, s.size(), stripQuotes(s.etag()), s.lastModified().toInstant()));
        } catch (ErrorResponseException e) {
            if (isNotFound(e)) {
                return Optional.empty();
            }
            throw translate("stat " + k, e);
        } catch (Exception e) {
            throw translate("stat " + k, e);
        }
    }

    @Override
    public ObjectInfo download(String key, Path target) {
        String k = ObjectKeys.key(key);
        ObjectInfo info = stat(k).orElseThrow(() -> BacktestException.of(ErrorCode.OBJECT_NOT_FOUND,
                "no object under key '" + k + "'").with("key", k));
        Path tmp = null;
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            tmp = target.resolveSibling("." + target.getFileName() + "." + System.nanoTime() + ".part");
            Path tmpFile = tmp;
            call("download " + k, () -> {
                client.downloadObject(DownloadObjectArgs.builder().bucket(bucket).object(k).filename(tmpFile.toString())
                        .overwrite(true).build());
                return null;
            });
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return info;
        } catch (IOException e) {
            throw new BacktestException(ErrorCode.STORAGE_UNAVAILABLE, "cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            LocalFolderObjectStore.deleteQuietly(tmp);
        }
    }

    @Override
    public ObjectInfo upload(String key, Path source) {
        String k = ObjectKeys.key(key);
        call("upload " + k, () -> client.uploadObject(UploadObjectArgs.builder().bucket(bucket).object(k)
                .filename(source.toString()).build()));
        return stat(k).orElseThrow(() -> new BacktestException(ErrorCode.STORAGE_ERROR, "object " + k + " vanished after upload"));
    }

    @Override
    public void delete(String key) {
        String k = ObjectKeys.key(key);
        call("delete " + k, () -> {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(k).build());
            return null;
        });
    }

    @Override
    public URI presignedGet(String key, Duration expiry) {
        String k = ObjectKeys.key(key);
        if (expiry.compareTo(MIN_PRESIGN) < 0 || expiry.compareTo(MAX_PRESIGN) > 0) {
            throw BacktestException.of(ErrorCode.VALIDATION_FAILED,
                    "expiry " + expiry.toSeconds() + " s is out of range; accepted: 1 to " + MAX_PRESIGN_SECONDS + " seconds (7 days)")
                    .with("field", "expires");
        }
        if (stat(k).isEmpty()) {
            throw BacktestException.of(ErrorCode.OBJECT_NOT_FOUND, "no object under key '" + k + "'").with("key", k);
        }
        return call("presign " + k, () -> URI.create(client.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
                .method(Method.GET).bucket(bucket).object(k).expiry((int) expiry.toSeconds(), TimeUnit.SECONDS).build())));
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
        try {
            http.dispatcher().executorService().awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private interface MinioCall<T> {
        T run() throws Exception;
    }

    private <T> T call(String what, MinioCall<T> call) {
        try {
            return call.run();
        } catch (BacktestException e) {
            throw e;
        } catch (Exception e) {
            throw translate(what, e);
        }
    }

    private BacktestException translate(String what, Exception e) {
        if (e instanceof ErrorResponseException er) {
            if (isNotFound(er)) {
                return BacktestException.of(ErrorCode.OBJECT_NOT_FOUND, what + ": not found (" + er.errorResponse().code() + ")");
            }
            return new BacktestException(ErrorCode.STORAGE_ERROR, what + " failed at " + endpoint + ": " + describe(e), e);
        }
        if (e instanceof IOException) {
            return new BacktestException(ErrorCode.STORAGE_UNAVAILABLE, what + ": object store " + endpoint + " is unreachable: " + describe(e), e);
        }
        return new BacktestException(ErrorCode.STORAGE_ERROR, what + " failed at " + endpoint + ": " + describe(e), e);
    }

    private static boolean isNotFound(ErrorResponseException e) {
        String code = e.errorResponse().code();
        return "NoSuchKey".equals(code) || "NoSuchObject".equals(code) || "NotFound".equals(code) || e.response().code() == 404;
    }

    private static String describe(Exception e) {
        if (e instanceof ErrorResponseException er) {
            return er.errorResponse().code() + ": " + er.errorResponse().message();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private static String stripQuotes(String etag) {
        if (etag == null) {
            return "";
        }
        return etag.startsWith("\"") && etag.endsWith("\"") && etag.length() >= 2 ? etag.substring(1, etag.length() - 1) : etag;
    }
}
