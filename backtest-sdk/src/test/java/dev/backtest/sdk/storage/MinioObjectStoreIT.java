package dev.backtest.sdk.storage;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.storage.internal.MinioObjectStore;
import dev.backtest.sdk.testing.S3Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@link ObjectStoreContract} on an S3 server (S3Proxy in process), a fresh bucket per test,
 * plus presigned URLs and the behaviour of a store whose server is gone.
 */
class MinioObjectStoreIT extends ObjectStoreContract {

    private static S3Server server;
    /** A loopback port where an S3 server listened and nothing listens any more. */
    private static int closedPort;

    @BeforeAll
    static void startServer() {
        server = S3Server.start();
        try (S3Server gone = S3Server.start()) {
            closedPort = gone.port();
        }
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static String freshBucket() {
        return "t-" + UUID.randomUUID().toString().replace("-", "").substring(0, 20).toLowerCase(Locale.ROOT);
    }

    @Override
    protected ObjectStore newStore() {
        MinioObjectStore minio = new MinioObjectStore(URI.create(server.endpoint()), S3Server.ACCESS_KEY, S3Server.SECRET_KEY,
                freshBucket());
        minio.ensureBucket();
        return minio;
    }

    @Override
    protected ObjectStore unreachableStore() {
        return new MinioObjectStore(URI.create("http://127.0.0.1:" + closedPort), S3Server.ACCESS_KEY, S3Server.SECRET_KEY,
                freshBucket());
    }

    private static HttpResponse<byte[]> get(URI url) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void presignedUrlFetchesTheExactBytesWithAPlainGet() throws Exception {
        byte[] content = new byte[70_000];
        new Random(7).nextBytes(content);
        store.upload("ohlcv/1Y/symbol=ETH/year=2023/ETH_2023.parquet", file(content));

        URI url = store.presignedGet("ohlcv/1Y/symbol=ETH/year=2023/ETH_2023.parquet", Duration.ofMinutes(10));
        HttpResponse<byte[]> response = get(url);

        assertThat(url.getScheme()).isEqualTo("http");
        assertThat(url.getPort()).isEqualTo(server.port());
        assertThat(url.getRawPath()).isEqualTo("/" + store.bucket() + "/ohlcv/1Y/symbol%3DETH/year%3D2023/ETH_2023.parquet");
        assertThat(url.getRawQuery()).contains("X-Amz-Expires=600").contains("X-Amz-Signature=");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(content);
    }

    @Test
    void tamperedPresignedUrlIsRefused() throws Exception {
        put("a/secret.txt", "secret");
        put("a/other.txt", "other");
        URI url = store.presignedGet("a/secret.txt", Duration.ofMinutes(1));

        URI tampered = URI.create(url.toString().replace("/a/secret.txt", "/a/other.txt"));

        assertThat(get(tampered).statusCode()).isEqualTo(403);
    }

    @Test
    void presignedGetOfMissingKeyFailsWithObjectNotFound() {
        assertThatThrownBy(() -> store.presignedGet("no/such/object.parquet", Duration.ofMinutes(1)))
                .isInstanceOfSatisfying(BacktestException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.OBJECT_NOT_FOUND);
                    assertThat(e.getMessage()).contains("no/such/object.parquet");
                });
    }

    @ParameterizedTest(name = "{0} seconds")
    @ValueSource(longs = {0, -1, 8 * 24 * 3600, 7 * 24 * 3600 + 1})
    void presignedExpiryOutsideOneSecondToSevenDaysIsRejected(long seconds) throws IOException {
        put("a/b.txt", "x");

        assertThatThrownBy(() -> store.presignedGet("a/b.txt", Duration.ofSeconds(seconds)))
                .isInstanceOfSatisfying(BacktestException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                    assertThat(e.details()).containsEntry("field", "expires");
                    assertThat(e.getMessage()).contains(Long.toString(seconds)).contains("604800");
                });
    }

    @ParameterizedTest(name = "{0} seconds")
    @ValueSource(longs = {1, 7 * 24 * 3600})
    void presignedExpiryAtTheBoundsIsAccepted(long seconds) throws IOException {
        put("a/b.txt", "x");

        URI url = store.presignedGet("a/b.txt", Duration.ofSeconds(seconds));

        assertThat(url.getRawQuery()).contains("X-Amz-Expires=" + seconds);
    }

    /** S3's ETag is the MD5 of the content, so storing the same bytes again keeps it (unlike the folder store). */
    @Test
    void reuploadingIdenticalBytesKeepsTheEtag() throws IOException {
        ObjectInfo first = put("same/bytes.txt", "identical");
        ObjectInfo second = put("same/bytes.txt", "identical");

        assertThat(second.etag()).isEqualTo(first.etag()).isEqualTo(md5Hex("identical"));
    }

    @Test
    void statusOfMissingBucketIsReachableButNotHealthy() {
        try (MinioObjectStore noBucket = new MinioObjectStore(URI.create(server.endpoint()), S3Server.ACCESS_KEY,
                S3Server.SECRET_KEY, freshBucket())) {
            StoreStatus status = noBucket.status();

            assertThat(status.reachable()).isTrue();
            assertThat(status.bucketExists()).isFalse();
            assertThat(status.healthy()).isFalse();
            assertThat(status.objectCount()).isZero();
            assertThat(status.error()).hasValueSatisfying(e -> assertThat(e).contains(noBucket.bucket()));
        }
    }

    @Test
    void wrongCredentialsAreAStorageErrorNotAMissingObject() {
        try (MinioObjectStore wrong = new MinioObjectStore(URI.create(server.endpoint()), S3Server.ACCESS_KEY,
                "not-the-secret-key-at-all", store.bucket())) {
            assertThatThrownBy(() -> wrong.stat("a/b.txt"))
                    .isInstanceOfSatisfying(BacktestException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_ERROR));
        }
    }

    @Test
    void ensureBucketIsIdempotent() throws IOException {
        put("kept.txt", "kept");

        ((MinioObjectStore) store).ensureBucket();

        assertThat(store.stat("kept.txt")).isPresent();
    }

    private static String md5Hex(String s) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("MD5").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
