package dev.backtest.sdk.storage.internal;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.storage.ObjectInfo;
import dev.backtest.sdk.storage.ObjectKeys;
import dev.backtest.sdk.storage.ObjectPage;
import dev.backtest.sdk.storage.ObjectStore;
import dev.backtest.sdk.storage.StoreStatus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * An object store in a local folder: {@code root/<key>}. The ETag is derived from size and
 * modification time, which change whenever a file is replaced through {@link #upload}. The client uses
 * it on the embedded defaults (no {@code MINIO_ENDPOINT}), under {@code BACKTEST_DATA_DIR/objects/<bucket>}.
 *
 * <pre>{@code
 * try (ObjectStore store = new LocalFolderObjectStore(Path.of("./backtest-data/objects/candles"), "candles")) {
 *     store.upload(ParquetLayout.yearlyKey("BTC", 2024), Path.of("BTC_2024.parquet"));
 *     ObjectPage page = store.list("ohlcv/1Y/symbol=BTC/", 100, null);
 * }
 * }</pre>
 */
public final class LocalFolderObjectStore implements ObjectStore {

    /** In the name of every temporary file; {@link ObjectKeys} never accepts it in a key. */
    private static final char TEMP_MARK = '~';

    private final Path root;
    private final String bucket;

    public LocalFolderObjectStore(Path root, String bucket) {
        this.root = root.toAbsolutePath().normalize();
        this.bucket = bucket;
        try {
            Files.createDirectories(this.root);
        } catch (IOException e) {
            throw new BacktestException(ErrorCode.STORAGE_UNAVAILABLE, "cannot create the local object store folder " + this.root + ": " + e, e);
        }
    }

    @Override
    public String bucket() {
        return bucket;
    }

    /** The folder that holds the objects. */
    public Path root() {
        return root;
    }

    @Override
    public StoreStatus status() {
        long start = System.nanoTime();
        boolean exists = Files.isDirectory(root) && Files.isWritable(root);
        long count = 0;
        Optional<String> error = Optional.empty();
        if (exists) {
            try (Stream<Path> files = Files.walk(root)) {
                count = files.filter(Files::isRegularFile).filter(p -> !isTemporary(p)).limit(STATUS_COUNT_LIMIT + 1L).count();
            } catch (IOException | UncheckedIOException e) {
                error = Optional.of(e.getMessage());
            }
        } else {
            error = Optional.of("folder " + root + " is missing or not writable");
        }
        return new StoreStatus("local", root.toString(), bucket, error.isEmpty(), exists, Math.min(count, STATUS_COUNT_LIMIT),
                count > STATUS_COUNT_LIMIT, Duration.ofNanos(System.nanoTime() - start), error);
    }

    @Override
    public ObjectPage list(String prefix, int limit, String startAfter) {
        String p = ObjectKeys.prefix(prefix);
        int max = Math.max(1, limit);
        List<ObjectInfo> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return new ObjectPage(out, Optional.empty());
        }
        try (Stream<Path> files = Files.walk(root)) {
            List<String> keys = files.filter(Files::isRegularFile).filter(f -> !isTemporary(f)).map(this::keyOf)
                    .filter(k -> k.startsWith(p)).filter(k -> startAfter == null || k.compareTo(startAfter) > 0)
                    .sorted(Comparator.naturalOrder()).limit(max + 1L).toList();
            for (int i = 0; i < Math.min(max, keys.size()); i++) {
                stat(keys.get(i)).ifPresent(out::add);
            }
            Optional<String> next = keys.size() > max ? Optional.of(out.get(out.size() - 1).key()) : Optional.empty();
            return new ObjectPage(out, next);
        } catch (IOException | UncheckedIOException e) {
            throw new BacktestException(ErrorCode.STORAGE_UNAVAILABLE, "cannot list " + root + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        Path file = fileOf(key);
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            if (!a.isRegularFile()) {
                return Optional.empty();
            }
            java.time.Instant modified = a.lastModifiedTime().toInstant();
            long micros = modified.getEpochSecond() * 1_000_000L + modified.getNano() / 1_000;
            String etag = Long.toHexString(a.size()) + "-" + Long.toHexString(micros);
            return Optional.of(new ObjectInfo(key, a.size(), etag, modified));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new BacktestException(ErrorCode.STORAGE_UNAVAILABLE, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public ObjectInfo download(String key, Path target) {
        ObjectInfo info = stat(key).orElseThrow(() -> notFound(key));
        copyAtomically(fileOf(key), target);
        return info;
    }

    @Override
    public ObjectInfo upload(String key, Path source) {
        copyAtomically(source, fileOf(key));
        return stat(key).orElseThrow(() -> notFound(key));
    }

    @Override
    public void delete(String key) {
        try {
            Files.deleteIfExists(fileOf(key));
        } catch (java.io.IOException e) {
            throw new BacktestException(ErrorCode.STORAGE_ERROR, "cannot delete " + key + " under " + root + ": " + e.getMessage(), e);
        }
    }

    @Override
    public URI presignedGet(String key, Duration expiry) {
        ObjectKeys.key(key);
        throw BacktestException.of(ErrorCode.UNSUPPORTED_OPERATION,
                "presigned URLs need an S3 object store (set MINIO_ENDPOINT); the local folder store cannot sign URLs");
    }

    @Override
    public void close() {
        // nothing held open
    }

    private Path fileOf(String key) {
        Path file = root.resolve(ObjectKeys.key(key)).normalize();
        if (!file.startsWith(root)) {
            throw BacktestException.of(ErrorCode.INVALID_KEY, "key '" + key + "' points outside the store");
        }
        return file;
    }

    private String keyOf(Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }

    /**
     * Whether a file is a leftover of {@link #copyAtomically}: its name holds {@link #TEMP_MARK}, which no
     * valid key contains, so an object whose key merely ends in {@code .part} is still listed.
     */
    private static boolean isTemporary(Path file) {
        String name = file.getFileName().toString();
        return name.indexOf(TEMP_MARK) >= 0 && name.endsWith(".part");
    }

    private static BacktestException notFound(String key) {
        return BacktestException.of(ErrorCode.OBJECT_NOT_FOUND, "no object under key '" + key + "'").with("key", key);
    }

    static void copyAtomically(Path source, Path target) {
        Path tmp = null;
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            tmp = Files.createTempFile(target.toAbsolutePath().getParent(), "." + target.getFileName() + TEMP_MARK, ".part");
            Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new BacktestException(ErrorCode.STORAGE_UNAVAILABLE, "cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // best effort: a leftover .part file is never read as an object
            }
        }
    }
}
