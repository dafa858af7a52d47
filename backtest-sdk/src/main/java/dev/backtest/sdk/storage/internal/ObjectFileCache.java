package dev.backtest.sdk.storage.internal;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.storage.ObjectInfo;
import dev.backtest.sdk.storage.ObjectStore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Local copies of store objects, keyed by key and ETag: {@code dir/<hash of key>/<etag>.bin}. An
 * object whose ETag changed is fetched again (and the stale copy removed); an unchanged one never.
 * Downloads are atomic (temporary file, length checked, renamed into place), so a crash, a cut stream
 * or a full disk never leaves a partial file that a later read would trust. Thread-safe; one download
 * per key at a time.
 *
 * <pre>{@code
 * ObjectFileCache files = new ObjectFileCache(Path.of("./backtest-data/cache"), store);
 * ObjectInfo info = store.stat(ParquetLayout.yearlyKey("BTC", 2024)).orElseThrow();
 * Path local = files.file(info, nanos -> System.out.println("downloaded in " + nanos / 1_000_000 + " ms"));
 * }</pre>
 */
public final class ObjectFileCache {

    /** Suffix of a download in progress; such a file is never served. */
    private static final String TEMP_SUFFIX = ".part";
    /** A temporary file older than this belongs to a download that died with its process. */
    private static final Duration ABANDONED_AFTER = Duration.ofMinutes(10);

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
     * <p>The object is downloaded into a temporary file in the cache folder, its length checked against
     * the store's, and only then renamed to its {@code .bin} name in one atomic step; only {@code .bin}
     * files are ever served. A download that dies half way (store gone, stream cut, disk full, process
     * killed) leaves at most a temporary file, which is deleted (or, after a crash, removed later) and
     * never read.
     *
     * @param onDownload told the nanoseconds a download took, when one happened
     * @throws BacktestException {@link ErrorCode#CACHE_UNAVAILABLE} naming the path when the cache cannot be
     *         written; {@link ErrorCode#STORAGE_ERROR} when fewer bytes arrived than the object has; the store's
     *         own errors otherwise
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
            Path tmp = temporaryFile(folder);
            try {
                ObjectInfo got = download(info.key(), tmp, folder);
                long arrived = size(tmp);
                if (arrived != got.size()) {
                    throw BacktestException.of(ErrorCode.STORAGE_ERROR, "the download of object " + info.key() + " was cut short: "
                            + arrived + " of " + got.size() + " bytes arrived; nothing was cached").with("key", info.key());
                }
                // The object may have changed between listing and download: file it under what was downloaded.
                Path done = got.etag().equals(info.etag()) ? target : folder.resolve(safe(got.etag()) + ".bin");
                move(tmp, done);
                downloads.incrementAndGet();
                downloadedBytes.addAndGet(got.size());
                onDownload.accept(System.nanoTime() - start);
                removeStaleCopies(folder, done);
                return done;
            } finally {
                deleteQuietly(tmp);
            }
        }
    }

    private ObjectInfo download(String key, Path tmp, Path folder) {
        try {
            return store.download(key, tmp);
        } catch (BacktestException e) {
            if (e.code() != ErrorCode.CACHE_UNAVAILABLE && isLocalWriteFailure(e)) {
                throw unwritable(folder, e.getCause() == null ? e : e.getCause());
            }
            throw e;
        }
    }

    /** Whether the store failed writing our file (a local disk problem) rather than reading the object. */
    private boolean isLocalWriteFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof FileSystemException fs && fs.getFile() != null && Path.of(fs.getFile()).toAbsolutePath().startsWith(dir)) {
                return true;
            }
            if (t instanceof IOException && t.getMessage() != null && t.getMessage().contains("No space left on device")) {
                return true;
            }
        }
        return false;
    }

    private Path temporaryFile(Path folder) {
        try {
            Files.createDirectories(folder);
            return Files.createTempFile(folder, ".download-", TEMP_SUFFIX);
        } catch (IOException | UnsupportedOperationException e) {
            throw unwritable(folder, e);
        }
    }

    private static BacktestException unwritable(Path folder, Throwable cause) {
        return new BacktestException(ErrorCode.CACHE_UNAVAILABLE, "cannot write the file cache at " + folder + ": " + describe(cause)
                + "; check that the data directory (BACKTEST_DATA_DIR) is a writable directory with free space", cause)
                .with("path", folder.toString());
    }

    private static String describe(Throwable e) {
        if (e instanceof FileSystemException fs) {
            return e.getClass().getSimpleName() + " " + fs.getFile() + (fs.getReason() == null ? "" : " (" + fs.getReason() + ")");
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover temporary file is never served, and removed with the next download of the key
        }
    }

    /**
     * Deletes the local copies of {@code key} (every version); a reader that has the file open keeps reading it.
     *
     * @return the files deleted
     */
    public int evict(String key) {
        synchronized (locks.computeIfAbsent(key, k -> new Object())) {
            return deleteFolder(dir.resolve(hash(key)));
        }
    }

    /** Deletes every local copy; the next read of each object downloads it again. */
    public int evictAll() {
        int deleted = 0;
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(dir)) {
            for (Path folder : folders) {
                deleted += Files.isDirectory(folder) ? deleteFolder(folder) : 0;
            }
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw unwritable(dir, e);
        }
        return deleted;
    }

    private int deleteFolder(Path folder) {
        int deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path f : files) {
                deleted += Files.deleteIfExists(f) && f.getFileName().toString().endsWith(".bin") ? 1 : 0;
            }
            Files.deleteIfExists(folder);
        } catch (NoSuchFileException e) {
            return deleted;
        } catch (IOException e) {
            throw unwritable(folder, e);
        }
        return deleted;
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

    /** Removes older copies of the object and temporary files that crashed downloads left behind. */
    private static void removeStaleCopies(Path folder, Path keep) {
        long crashedBefore = System.currentTimeMillis() - ABANDONED_AFTER.toMillis();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                boolean staleCopy = name.endsWith(".bin") && !f.equals(keep);
                boolean abandoned = name.endsWith(TEMP_SUFFIX) && Files.getLastModifiedTime(f).toMillis() < crashedBefore;
                if (staleCopy || abandoned) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException ignored) {
            // a stale copy only costs disk space; it is never read again
        }
    }

    private static void move(Path from, Path to) {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw unwritable(to.getParent(), e);
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
