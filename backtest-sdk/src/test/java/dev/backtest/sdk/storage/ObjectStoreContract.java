package dev.backtest.sdk.storage;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link ObjectStore} must do, whatever holds the bytes. A subclass supplies a fresh,
 * empty store per test and a store whose backing service is gone; every test runs against both
 * implementations. Not named {@code *Test}/{@code *IT}, so it never runs on its own.
 */
abstract class ObjectStoreContract {

    /** A new store over an empty bucket that no other test uses. */
    protected abstract ObjectStore newStore() throws Exception;

    /** A store configured like {@link #newStore()} whose backing service or folder cannot be reached. */
    protected abstract ObjectStore unreachableStore() throws Exception;

    @TempDir
    protected Path work;

    protected ObjectStore store;

    @BeforeEach
    void openStore() throws Exception {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    protected Path file(String content) throws IOException {
        return file(content.getBytes(StandardCharsets.UTF_8));
    }

    protected Path file(byte[] content) throws IOException {
        Path f = work.resolve("src-" + UUID.randomUUID() + ".bin");
        Files.write(f, content);
        return f;
    }

    protected ObjectInfo put(String key, String content) throws IOException {
        return store.upload(key, file(content));
    }

    /** Every key of a full listing, following cursors. */
    private List<String> allKeys(String prefix, int limit) {
        List<String> keys = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < 1000; pages++) {
            ObjectPage page = store.list(prefix, limit, cursor);
            page.objects().forEach(o -> keys.add(o.key()));
            if (page.nextCursor().isEmpty()) {
                return keys;
            }
            cursor = page.nextCursor().get();
        }
        throw new AssertionError("listing never ended");
    }

    @Test
    void uploadThenStatReturnsSizeAndEtag() throws IOException {
        byte[] content = "open,high,low,close\n1,2,0.5,1.5\n".getBytes(StandardCharsets.UTF_8);
        ObjectInfo uploaded = store.upload("ohlcv/1Y/symbol=BTC/year=2024/BTC_2024.parquet", file(content));

        Optional<ObjectInfo> stat = store.stat("ohlcv/1Y/symbol=BTC/year=2024/BTC_2024.parquet");

        assertThat(stat).isPresent();
        assertThat(stat.get().key()).isEqualTo("ohlcv/1Y/symbol=BTC/year=2024/BTC_2024.parquet");
        assertThat(stat.get().size()).isEqualTo(content.length);
        assertThat(stat.get().etag()).isNotBlank().doesNotContain("\"");
        assertThat(stat.get().lastModified()).isNotNull();
        assertThat(uploaded.size()).isEqualTo(content.length);
        assertThat(uploaded.etag()).isEqualTo(stat.get().etag());
    }

    @Test
    void reuploadingDifferentContentOfTheSameSizeChangesTheEtag() throws IOException {
        String key = "data/same-size.bin";
        String first = put(key, "AAAAAAAA").etag();
        String second = put(key, "BBBBBBBB").etag();
        String third = put(key, "CCCCCCCC").etag();

        assertThat(second).isNotEqualTo(first);
        assertThat(third).isNotEqualTo(second).isNotEqualTo(first);
        assertThat(store.stat(key)).get().extracting(ObjectInfo::etag).isEqualTo(third);
        assertThat(store.stat(key)).get().extracting(ObjectInfo::size).isEqualTo(8L);
    }

    @Test
    void etagIsStableWhileTheObjectIsUnchanged() throws IOException {
        String key = "data/stable.bin";
        String etag = put(key, "unchanged").etag();
        put("data/other.bin", "a neighbour changes");

        assertThat(store.stat(key)).get().extracting(ObjectInfo::etag).isEqualTo(etag);
        assertThat(store.stat(key)).get().extracting(ObjectInfo::etag).isEqualTo(etag);
        assertThat(store.list("data/stable", 10, null).objects()).extracting(ObjectInfo::etag).containsExactly(etag);
    }

    @Test
    void downloadWritesTheExactBytesAtomically() throws IOException {
        byte[] content = new byte[300_000];
        new java.util.Random(42).nextBytes(content);
        ObjectInfo uploaded = store.upload("blobs/random.bin", file(content));
        Path dir = Files.createDirectories(work.resolve("downloads"));
        Path target = dir.resolve("random.bin");
        Files.writeString(target, "stale content that must be replaced");

        ObjectInfo downloaded = store.download("blobs/random.bin", target);

        assertThat(Files.readAllBytes(target)).isEqualTo(content);
        assertThat(downloaded.size()).isEqualTo(content.length);
        assertThat(downloaded.etag()).isEqualTo(uploaded.etag());
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("random.bin");
        }
    }

    @Test
    void downloadCreatesMissingParentFolders() throws IOException {
        put("a/b.txt", "nested");
        Path target = work.resolve("x").resolve("y").resolve("b.txt");

        store.download("a/b.txt", target);

        assertThat(target).hasContent("nested");
    }

    @Test
    void statOfMissingKeyIsEmpty() throws IOException {
        put("present/one.txt", "1");

        assertThat(store.stat("present/two.txt")).isEmpty();
        assertThat(store.stat("absent/one.txt")).isEmpty();
        assertThat(store.stat("present")).isEmpty();
    }

    @Test
    void downloadOfMissingKeyFailsWithObjectNotFoundAndWritesNothing() throws IOException {
        Path dir = Files.createDirectories(work.resolve("downloads"));
        Path target = dir.resolve("missing.bin");

        assertThatThrownBy(() -> store.download("nothing/here.bin", target))
                .isInstanceOfSatisfying(BacktestException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.OBJECT_NOT_FOUND);
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("nothing/here.bin");
                });
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void listReturnsOnlyKeysUnderThePrefixInKeyOrder() throws IOException {
        // ASCII order: '-' < '.' < '/' < '=' < 'B' < '_' < 'a'; a folder walk would give another order
        for (String key : List.of("p/a_1", "p/a=1", "p/a/1", "p/B", "p/a.1", "p/a-1", "q/a-1", "pp/a-1")) {
            put(key, key);
        }

        ObjectPage page = store.list("p/", 100, null);

        assertThat(page.objects()).extracting(ObjectInfo::key)
                .containsExactly("p/B", "p/a-1", "p/a.1", "p/a/1", "p/a=1", "p/a_1");
        assertThat(page.objects()).extracting(ObjectInfo::size).containsExactly(3L, 5L, 5L, 5L, 5L, 5L);
        assertThat(page.nextCursor()).isEmpty();
        assertThat(store.list("p/a", 100, null).objects()).extracting(ObjectInfo::key)
                .containsExactly("p/a-1", "p/a.1", "p/a/1", "p/a=1", "p/a_1");
        assertThat(store.list("p/a/", 100, null).objects()).extracting(ObjectInfo::key).containsExactly("p/a/1");
        assertThat(store.list("nothing/", 100, null).objects()).isEmpty();
    }

    @Test
    void listPagesWithLimitAndCursorWithoutDuplicatesOrGaps() throws IOException {
        List<String> keys = List.of("pages/k1", "pages/k2", "pages/k3", "pages/k4", "pages/k5");
        for (String key : keys) {
            put(key, key);
        }
        put("pagesx/other", "outside the prefix");

        ObjectPage first = store.list("pages/", 2, null);
        assertThat(first.objects()).extracting(ObjectInfo::key).containsExactly("pages/k1", "pages/k2");
        assertThat(first.nextCursor()).contains("pages/k2");

        ObjectPage second = store.list("pages/", 2, first.nextCursor().get());
        assertThat(second.objects()).extracting(ObjectInfo::key).containsExactly("pages/k3", "pages/k4");
        assertThat(second.nextCursor()).contains("pages/k4");

        ObjectPage third = store.list("pages/", 2, second.nextCursor().get());
        assertThat(third.objects()).extracting(ObjectInfo::key).containsExactly("pages/k5");
        assertThat(third.nextCursor()).isEmpty();

        assertThat(allKeys("pages/", 1)).containsExactlyElementsOf(keys);
        assertThat(allKeys("pages/", 5)).containsExactlyElementsOf(keys);
        assertThat(store.list("pages/", 5, null).nextCursor()).isEmpty();
    }

    @Test
    void emptyPrefixListsEveryObject() throws IOException {
        Set<String> keys = new HashSet<>(List.of("a.txt", "b/c.txt", "b/d/e.txt", "z/z/z/z.txt"));
        for (String key : keys) {
            put(key, key);
        }

        assertThat(allKeys("", 1000)).containsExactly("a.txt", "b/c.txt", "b/d/e.txt", "z/z/z/z.txt");
        assertThat(allKeys(null, 1000)).containsExactly("a.txt", "b/c.txt", "b/d/e.txt", "z/z/z/z.txt");
        assertThat(allKeys("", 3)).containsExactly("a.txt", "b/c.txt", "b/d/e.txt", "z/z/z/z.txt");
    }

    @Test
    void isEmptyUntilTheFirstUpload() throws IOException {
        assertThat(store.isEmpty()).isTrue();

        put("deep/down/only.txt", "x");

        assertThat(store.isEmpty()).isFalse();
    }

    @Test
    void statusReportsReachableBucketAndObjectCount() throws IOException {
        StoreStatus empty = store.status();
        assertThat(empty.reachable()).isTrue();
        assertThat(empty.bucketExists()).isTrue();
        assertThat(empty.healthy()).isTrue();
        assertThat(empty.objectCount()).isZero();
        assertThat(empty.countTruncated()).isFalse();
        assertThat(empty.bucket()).isEqualTo(store.bucket());
        assertThat(empty.error()).isEmpty();

        put("one.txt", "1");
        put("two/2.txt", "2");
        put("two/three/3.txt", "3");
        put("one.txt", "replaced, still one object");

        StoreStatus filled = store.status();
        assertThat(filled.objectCount()).isEqualTo(3);
        assertThat(filled.healthy()).isTrue();
        assertThat(filled.latency().isNegative()).isFalse();
    }

    @Test
    void unreachableStoreReportsStatusWithoutThrowingAndFailsCallsAsRetryable() throws Exception {
        try (ObjectStore broken = unreachableStore()) {
            StoreStatus status = broken.status();
            assertThat(status.reachable()).isFalse();
            assertThat(status.healthy()).isFalse();
            assertThat(status.error()).isPresent();

            assertThatThrownBy(() -> broken.stat("ohlcv/1Y/symbol=BTC/year=2024/BTC_2024.parquet"))
                    .isInstanceOfSatisfying(BacktestException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE);
                        assertThat(e.retryable()).isTrue();
                    });
        }
    }

    static Stream<Arguments> hostileKeys() {
        return Stream.of(
                Arguments.of("parent segment", "../x"),
                Arguments.of("parent segments in the middle", "a/../../x"),
                Arguments.of("absolute path", "/abs"),
                Arguments.of("empty segment", "a//b"),
                Arguments.of("current-folder segment", "a/./b"),
                Arguments.of("percent-encoded parent", "%2e%2e/x"),
                Arguments.of("symbol then parent segments", "BTC/../../x"),
                Arguments.of("backslash", "a\\b"),
                Arguments.of("space", "a b.parquet"),
                Arguments.of("NUL character", "a\u0000b"),
                Arguments.of("2000 characters", "k".repeat(2000)),
                Arguments.of("lone parent segment", ".."),
                Arguments.of("newline", "a\nb"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileKeys")
    void hostileKeysAreRejectedBeforeAnyIo(String label, String key) throws Exception {
        Path source = file("payload that must never be stored");
        Path target = work.resolve("downloads").resolve("target.bin");

        assertInvalidKey(() -> store.stat(key));
        assertInvalidKey(() -> store.upload(key, source));
        assertInvalidKey(() -> store.download(key, target));
        assertInvalidKey(() -> store.presignedGet(key, Duration.ofMinutes(5)));
        assertInvalidKey(() -> store.list(key, 10, null));
        // a source that does not exist: were the key checked after touching the file, the error would differ
        assertInvalidKey(() -> store.upload(key, work.resolve("no-such-source")));

        assertThat(target.getParent()).doesNotExist();
        assertThat(store.isEmpty()).isTrue();
        assertThat(store.status().objectCount()).isZero();

        // a store that cannot be reached still answers INVALID_KEY: validation comes before any I/O
        try (ObjectStore broken = unreachableStore()) {
            assertInvalidKey(() -> broken.stat(key));
            assertInvalidKey(() -> broken.upload(key, source));
            assertInvalidKey(() -> broken.download(key, target));
            assertInvalidKey(() -> broken.list(key, 10, null));
        }
    }

    @Test
    void keysMadeOfEveryAllowedCharacterRoundTrip() throws IOException {
        String key = "AZaz09/._=-/x.y_z=1-2/.hidden/file.part";
        put(key, "allowed");

        assertThat(store.stat(key)).get().extracting(ObjectInfo::size).isEqualTo(7L);
        assertThat(allKeys("", 100)).containsExactly(key);
        assertThat(store.status().objectCount()).isEqualTo(1);
    }

    private static void assertInvalidKey(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(BacktestException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_KEY);
            assertThat(e.retryable()).isFalse();
        });
    }
}
