package dev.backtest.server.marketdata;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.error.FieldErrors;
import dev.backtest.server.http.RequestBodyLimit;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A market-data file an administrator uploads, saved to a temporary file for the SDK's import and deleted when closed.
 * The request's content type says what it is: {@code text/csv}, else Parquet.
 *
 * <pre>{@code
 * try (UploadedFile file = UploadedFile.save(body, headers.getMediaType(), dataDir.resolve("uploads"), request)) {
 *     client.marketData().importCsv(symbol, file.path(), userId);
 * }
 * }</pre>
 */
public final class UploadedFile implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UploadedFile.class);

    public static final String CSV = "text/csv";
    public static final String PARQUET = "application/vnd.apache.parquet";

    private final Path path;
    private final boolean csv;

    private UploadedFile(Path path, boolean csv) {
        this.path = path;
        this.csv = csv;
    }

    /**
     * The body, read to its end into a new file in {@code dir}.
     *
     * @throws WebApplicationException 413 when the body is larger than {@code HTTP_MAX_UPLOAD_BYTES}
     * @throws BacktestException {@code VALIDATION_FAILED} for an empty or cut-off body, {@code INTERNAL} when the file
     *         cannot be written
     */
    public static UploadedFile save(InputStream body, MediaType type, Path dir, HttpServletRequest request) {
        boolean csv = type != null && MediaType.valueOf(CSV).isCompatible(type);
        Path file;
        try {
            Files.createDirectories(dir);
            file = Files.createTempFile(dir, "upload-", csv ? ".csv" : ".parquet");
        } catch (IOException e) {
            throw new BacktestException(ErrorCode.INTERNAL, "the upload could not be saved: " + e.getMessage(), e);
        }
        try {
            long size = Files.copy(body, file, StandardCopyOption.REPLACE_EXISTING);
            if (size == 0) {
                throw FieldErrors.single("body", "the file is empty; send the CSV or Parquet file as the request body");
            }
            return new UploadedFile(file, csv);
        } catch (IOException e) {
            deleteQuietly(file);
            WebApplicationException tooLarge = RequestBodyLimit.tooLarge(e, request);
            if (tooLarge != null) {
                throw tooLarge;
            }
            throw FieldErrors.single("body", "the file could not be read to its end: " + e.getMessage());
        } catch (RuntimeException e) {
            deleteQuietly(file);
            throw e;
        }
    }

    public Path path() {
        return path;
    }

    /** CSV; else Parquet. */
    public boolean csv() {
        return csv;
    }

    @Override
    public void close() {
        deleteQuietly(path);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("The upload {} could not be deleted: {}", file, e.toString());
        }
    }
}
