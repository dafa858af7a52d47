package dev.backtest.sdk.storage;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.storage.internal.LocalFolderObjectStore;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@link ObjectStoreContract} on a folder, plus what only the folder store does. */
class LocalFolderObjectStoreTest extends ObjectStoreContract {

    @Override
    protected ObjectStore newStore() {
        return new LocalFolderObjectStore(work.resolve("store-" + UUID.randomUUID()), "test-bucket");
    }

    /** A store whose folder was replaced by a regular file after it was opened. */
    @Override
    protected ObjectStore unreachableStore() throws IOException {
        Path root = work.resolve("gone-" + UUID.randomUUID());
        LocalFolderObjectStore broken = new LocalFolderObjectStore(root, "test-bucket");
        Files.delete(root);
        Files.writeString(root, "not a folder");
        return broken;
    }

    private LocalFolderObjectStore local() {
        return (LocalFolderObjectStore) store;
    }

    @Test
    void storesEachObjectAtRootSlashKey() throws IOException {
        put("ohlcv/1Y/symbol=BTC/year=2024/BTC_2024.parquet", "parquet bytes");

        assertThat(local().root().resolve("ohlcv/1Y/symbol=BTC/year=2024/BTC_2024.parquet")).hasContent("parquet bytes");
    }

    @Test
    void presignedUrlsAreUnsupported() throws IOException {
        put("a/b.txt", "x");

        assertThatThrownBy(() -> store.presignedGet("a/b.txt", Duration.ofMinutes(5)))
                .isInstanceOfSatisfying(BacktestException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_OPERATION);
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("MINIO_ENDPOINT");
                });
    }

    @Test
    void reuploadingIdenticalBytesGivesANewEtagBecauseTheEtagFollowsTheFileNotItsContent() throws IOException {
        String first = put("same/bytes.txt", "identical").etag();
        String second = put("same/bytes.txt", "identical").etag();

        assertThat(second).isNotEqualTo(first);
        assertThat(store.stat("same/bytes.txt")).get().extracting(ObjectInfo::etag).isEqualTo(second);
    }

    @Test
    void leftoverTemporaryFilesOfAnInterruptedUploadAreNotObjects() throws IOException {
        put("data/real.bin", "real");
        // what copyAtomically leaves behind when the process dies between copy and rename
        Path leftover = Files.createTempFile(local().root().resolve("data"), ".real.bin~", ".part");

        assertThat(store.list("", 100, null).objects()).extracting(ObjectInfo::key).containsExactly("data/real.bin");
        assertThat(store.status().objectCount()).isEqualTo(1);
        assertThat(leftover).exists();
    }

    @Test
    void hostileKeysWriteNothingAnywhere() throws IOException {
        Path source = file("payload");
        String name = "escaped-" + UUID.randomUUID();
        List<Path> before = tree(work);

        for (String key : List.of("../" + name, "a/../../" + name, "/tmp/" + name, "BTC/../../" + name)) {
            assertThatThrownBy(() -> store.upload(key, source))
                    .isInstanceOfSatisfying(BacktestException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_KEY));
        }

        assertThat(tree(work)).containsExactlyElementsOf(before);
        assertThat(Path.of("/tmp", name)).doesNotExist();
    }

    private static List<Path> tree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            return paths.sorted().toList();
        }
    }
}
