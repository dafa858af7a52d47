package dev.backtest.server.api.v1;

import dev.backtest.error.FieldErrors;
import dev.backtest.sdk.storage.ObjectInfo;
import dev.backtest.sdk.storage.ObjectKeys;
import dev.backtest.sdk.storage.ObjectPage;
import dev.backtest.sdk.storage.ObjectStore;
import dev.backtest.sdk.storage.StoreStatus;
import dev.backtest.server.openapi.OpenApiNames;
import dev.backtest.server.storage.GuardedStorage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The object store holding the candle files: {@code /api/v1/storage/...}. Status, a paged listing
 * and presigned download URLs; keys and prefixes are validated by {@link ObjectKeys}, so nothing
 * outside the bucket can be named.
 */
@Path("/api/v1/storage")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "storage")
@ApplicationScoped
public class StorageResource {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    static final long DEFAULT_EXPIRY_SECONDS = 3600;

    @Inject
    GuardedStorage store;

    public record Status(String kind, String location, String bucket, boolean reachable, boolean bucketExists, long objectCount,
                         boolean countTruncated, double latencyMs, @Schema(nullable = true) String error) {
    }

    public record StoredObject(String key, long size, String etag, @Schema(format = "date-time") Instant lastModified) {
    }

    public record ObjectList(String prefix, int count, List<StoredObject> objects,
                             @Schema(nullable = true, description = "Pass back as cursor; null on the last page") String nextCursor) {
    }

    public record PresignedUrl(String key, @Schema(format = "uri") String url, long expiresIn, @Schema(format = "date-time") Instant expiresAt) {
    }

    /** Reachability, bucket and object count; always 200 (an unreachable store is reported, not an error of this request). */
    @GET
    @Path("/status")
    @Operation(operationId = "getStorageStatus", summary = "Object store reachability, bucket and object count")
    @APIResponse(responseCode = "200", description = "Always 200: an unreachable store is reported (reachable: false, error)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Status")))
    public Status status() {
        StoreStatus s = store.status();
        return new Status(s.kind(), s.location(), s.bucket(), s.reachable(), s.bucketExists(), s.objectCount(), s.countTruncated(),
                s.latency().toNanos() / 1e6, s.error().orElse(null));
    }

    /** Objects under {@code prefix} in key order; pass {@code next_cursor} back as {@code cursor} for the next page. */
    @GET
    @Path("/objects")
    @Operation(operationId = "listStorageObjects", summary = "Objects under a prefix, in key order")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "ObjectList")))
    @APIResponse(responseCode = "400", description = "Invalid limit (VALIDATION_FAILED), prefix or cursor (INVALID_KEY)")
    @APIResponse(responseCode = "503", ref = OpenApiNames.STORAGE_UNAVAILABLE)
    public ObjectList objects(@Parameter(description = "Key prefix", example = "ohlcv/1Y/symbol=BTC/") @QueryParam("prefix") String prefix,
                              @Parameter(description = "Page size", schema = @Schema(type = SchemaType.INTEGER, minimum = "1",
                                      maximum = "" + MAX_LIMIT, defaultValue = "" + DEFAULT_LIMIT)) @QueryParam("limit") String limit,
                              @Parameter(description = "next_cursor of the previous page (the last key listed)") @QueryParam("cursor") String cursor) {
        FieldErrors errors = new FieldErrors();
        Integer size = limit == null || limit.isBlank() ? Integer.valueOf(DEFAULT_LIMIT) : boundedInt(errors, "limit", limit, 1, MAX_LIMIT);
        errors.throwIfAny();
        String p = FieldErrors.about("prefix", () -> ObjectKeys.prefix(prefix));
        String after = cursor == null || cursor.isEmpty() ? null : FieldErrors.about("cursor", () -> ObjectKeys.key(cursor));
        ObjectPage page = store.list(p, size, after);
        List<StoredObject> objects = page.objects().stream().map(StorageResource::dto).toList();
        return new ObjectList(p, objects.size(), objects, page.nextCursor().orElse(null));
    }

    /** A URL that downloads the object with a plain GET until it expires ({@code expires}: 1 to 604800 s, default 3600). */
    @GET
    @Path("/objects/url")
    @Operation(operationId = "getPresignedUrl", summary = "A presigned download URL for one object")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "PresignedUrl")))
    @APIResponse(responseCode = "400", description = "Missing key or invalid expires (VALIDATION_FAILED), or an invalid key (INVALID_KEY)")
    @APIResponse(responseCode = "404", description = "No object under the key (OBJECT_NOT_FOUND)")
    @APIResponse(responseCode = "422", description = "The local folder store cannot sign URLs (UNSUPPORTED_OPERATION); set MINIO_ENDPOINT")
    @APIResponse(responseCode = "503", ref = OpenApiNames.STORAGE_UNAVAILABLE)
    public PresignedUrl url(@Parameter(description = "Object key", required = true, example = "ohlcv/1Y/symbol=BTC/year=2024/BTC_2024.parquet") @QueryParam("key") String key,
                            @Parameter(description = "Seconds until it expires (at most 7 days)", schema = @Schema(type = SchemaType.INTEGER,
                                    minimum = "1", maximum = "" + ObjectStore.MAX_PRESIGN_SECONDS, defaultValue = "" + DEFAULT_EXPIRY_SECONDS)) @QueryParam("expires") String expires) {
        FieldErrors errors = new FieldErrors();
        if (key == null || key.isEmpty()) {
            errors.add("key", "is required: the object's key, for example ohlcv/1Y/symbol=BTC/year=2024/BTC_2024.parquet");
        }
        Integer seconds = expires == null || expires.isBlank() ? Integer.valueOf((int) DEFAULT_EXPIRY_SECONDS)
                : boundedInt(errors, "expires", expires, (int) ObjectStore.MIN_PRESIGN.toSeconds(),
                (int) ObjectStore.MAX_PRESIGN.toSeconds());
        errors.throwIfAny();
        String k = FieldErrors.about("key", () -> ObjectKeys.key(key));
        Instant now = Instant.now();
        String url = store.presignedGet(k, Duration.ofSeconds(seconds)).toString();
        return new PresignedUrl(k, url, seconds, now.plusSeconds(seconds).truncatedTo(ChronoUnit.SECONDS));
    }

    private static StoredObject dto(ObjectInfo o) {
        return new StoredObject(o.key(), o.size(), o.etag(), o.lastModified());
    }

    private static Integer boundedInt(FieldErrors errors, String field, String value, int min, int max) {
        try {
            int v = Integer.parseInt(value.trim());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        String shown = value.length() > 20 ? value.substring(0, 20) + "..." : value;
        errors.add(field, "'" + shown + "' is not valid; accepted: an integer from " + min + " to " + max);
        return null;
    }
}
