package dev.backtest.sdk.storage;

import dev.backtest.sdk.BacktestException;
import dev.backtest.sdk.ErrorCode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Local copies of store objects, keyed by key and ETag: {@code dir/<hash of key>/<etag>.bin}. An
 * object whose ETag changed is fetched again (and the stale copy removed); an unchanged one never.
 * Downloads are atomic (temporary file renamed into place), so a crash or a full disk never leaves
 * a partial file that a later read would trust. Thread-safe; one download per key at a time.
 *
 * <p>Public because the client in another package builds it for the {@code MarketDataService}, under
 * {@code BACKTEST_DATA_DIR/cache}; not part of the API users call.
 *
 * <pre>{@code
 * ObjectFileCache files = new ObjectFileCache(Path.of("./backtest-data/cache"), store);
 * ObjectInfo info = store.stat(ParquetLayout.yearlyKey("BTC", 2024)).orElseThrow();
 * Path local = files.file(info, nanos -> System.out.println("downloaded in " + nanos / 1_000_000 + " ms"));
 * }</pre>
 */
public final class ObjectFileCache {

    private final Path dir;
    private final ObjectStore store;
    private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();
    private final AtomicLong downloads = new AtomicLong();
    private final AtomicLong downloadedBytes = new AtomicLong();

    public ObjectFileCache(Path dir, ObjectStore store) {
        this.dir = dir.toAbsolutePath().normalize();
        this.store = store;
    }

    /**
     * The local file holding {@code info}'s version of the object, downloading it if needed.
     *
     * @param onDownload told the nanoseconds a download took, when one happened
     */
    public Path file(ObjectInfo info, LongConsumer onDownload) {
        Path folder = dir.resolve(hash(info.key()));
        Path target = folder.resolve(safe(info.etag()) + ".bin");
        if (Files.isRegularFile(target)) {
            return target;
        }
        synchronized (locks.computeIfAbsent(info.key(), k -> new Object())) {
            if (Files.isRegularFile(target)) {
                return target;
            }
            long start = System.nanoTime();
            ObjectInfo got = store.download(info.key(), target);
            if (!got.etag().equals(info.etag())) {
                // The object changed between listing and download: file it under what was downloaded.
                Path actual = folder.resolve(safe(got.etag()) + ".bin");
                move(target, actual);
                target = actual;
            }
            downloads.incrementAndGet();
            downloadedBytes.addAndGet(got.size());
            onDownload.accept(System.nanoTime() - start);
            removeStaleCopies(folder, target);
            return target;
        }
    }

    public long downloads() {
        return downloads.get();
    }

    public long downloadedBytes() {
        return downloadedBytes.get();
    }

    public Path directory() {
        return dir;
    }

    private static void removeStaleCopies(Path folder, Path keep) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.bin")) {
            for (Path f : files) {
                if (!f.equals(keep)) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException ignored) {
            // a stale copy only costs disk space; it is never read again
        }
    }

    private static void move(Path from, Path to) {
        try {
            Files.move(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new BacktestException(ErrorCode.STORAGE_UNAVAILABLE, "cannot write the file cache at " + to + ": " + e.getMessage(), e);
        }
    }

    private static String safe(String etag) {
        String s = etag.replaceAll("[^A-Za-z0-9-]", "_");
        return s.isEmpty() ? "no-etag" : s.length() > 100 ? hash(s) : s;
    }

    private static String hash(String value) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
