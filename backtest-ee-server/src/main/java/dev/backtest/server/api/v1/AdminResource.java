package dev.backtest.server.api.v1;

import dev.backtest.sdk.Diagnostics;
import dev.backtest.sdk.audit.AuditEvent;
import dev.backtest.sdk.marketdata.CacheClearReport;
import dev.backtest.sdk.marketdata.ImportReport;
import dev.backtest.sdk.marketdata.RefreshRequest;
import dev.backtest.sdk.marketdata.Symbols;
import dev.backtest.sdk.page.Page;
import dev.backtest.sdk.page.PageRequest;
import dev.backtest.sdk.user.UserView;
import dev.backtest.server.ServerInfo;
import dev.backtest.server.http.RequestIds;
import dev.backtest.server.marketdata.RenderedCandles;
import dev.backtest.server.marketdata.RefreshBody;
import dev.backtest.server.marketdata.UploadedFile;
import dev.backtest.server.openapi.OpenApiNames;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code /api/v1/admin/...}: for administrators (the admin role) and the admin token only; the authentication
 * filter answers 403 {@code FORBIDDEN} to anyone else and records the attempt. Users with their counts, everyone's
 * audit trail, diagnostics, clearing the candle caches, refreshing market data from its sources and importing files.
 */
@Path("/api/v1/admin")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin")
public class AdminResource extends UserResource {

    @Inject
    ServerInfo info;

    @Inject
    RenderedCandles rendered;

    /** Diagnostics with what only the server knows: its version, build commit, environment and uptime. */
    public record ServerDiagnostics(String version, String commit, String environment, long uptimeSeconds, Diagnostics sdk) {
    }

    /** What a cache clear removed, the server's rendered answers included. */
    public record CacheCleared(@Schema(nullable = true) String symbol, int results, int files, long renderedAnswers) {
    }

    @GET
    @Path("/users")
    @Operation(operationId = "adminListUsers", summary = "Every user with counts of their strategies and backtests")
    @APIResponse(responseCode = "200", description = "A page of users",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.USER_PAGE)))
    @APIResponse(responseCode = "400", ref = OpenApiNames.INVALID_PAGE)
    @APIResponse(responseCode = "403", ref = OpenApiNames.FORBIDDEN)
    public Page<UserView> users(@Parameter(ref = OpenApiNames.LIMIT) @QueryParam("limit") String limit,
                                @Parameter(ref = OpenApiNames.OFFSET) @QueryParam("offset") String offset,
                                @Parameter(ref = OpenApiNames.CURSOR) @QueryParam("cursor") String cursor,
                                @Parameter(ref = OpenApiNames.SORT) @QueryParam("sort") String sort) {
        return client.users().list(PageRequest.parse(limit, offset, cursor, sort));
    }

    @GET
    @Path("/audit")
    @Operation(operationId = "adminListAuditEvents", summary = "Everyone's audit trail, newest first")
    @APIResponse(responseCode = "200", description = "A page of audit events",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.AUDIT_EVENT_PAGE)))
    @APIResponse(responseCode = "400", description = "Invalid resource_type, from, to (VALIDATION_FAILED), limit, offset, cursor or sort")
    @APIResponse(responseCode = "403", ref = OpenApiNames.FORBIDDEN)
    public Page<AuditEvent> audit(@Parameter(ref = OpenApiNames.LIMIT) @QueryParam("limit") String limit,
                                  @Parameter(ref = OpenApiNames.OFFSET) @QueryParam("offset") String offset,
                                  @Parameter(ref = OpenApiNames.CURSOR) @QueryParam("cursor") String cursor,
                                  @Parameter(ref = OpenApiNames.AUDIT_SORT) @QueryParam("sort") String sort,
                                  @Parameter(ref = OpenApiNames.AUDIT_RESOURCE_TYPE) @QueryParam("resource_type") String resourceType,
                                  @Parameter(ref = OpenApiNames.AUDIT_FROM) @QueryParam("from") String from,
                                  @Parameter(ref = OpenApiNames.AUDIT_TO) @QueryParam("to") String to) {
        AuditQuery q = AuditQuery.parse(resourceType, from, to, limit, offset, cursor, sort);
        return client.audit().listAll(q.filter(), q.page());
    }

    @GET
    @Path("/diagnostics")
    @Operation(operationId = "adminDiagnostics", summary = "Pool, queue, store, DuckDB, JVM and cache figures, version and commit")
    @APIResponse(responseCode = "200", description = "The figures now",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.DIAGNOSTICS)))
    @APIResponse(responseCode = "403", ref = OpenApiNames.FORBIDDEN)
    public ServerDiagnostics diagnostics() {
        return new ServerDiagnostics(info.version(), info.commit(), client.config().appEnv(),
                Duration.between(info.startedAt(), Instant.now()).toSeconds(), client.diagnostics());
    }

    @POST
    @Path("/cache/clear")
    @Operation(operationId = "adminClearCaches", summary = "Clear the candle caches: all, or one symbol's")
    @APIResponse(responseCode = "200", description = "What was removed",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.CACHE_CLEARED)))
    @APIResponse(responseCode = "400", description = "A malformed symbol (INVALID_SYMBOL)")
    @APIResponse(responseCode = "403", ref = OpenApiNames.FORBIDDEN)
    public CacheCleared clearCaches(@Parameter(description = "Only this symbol's caches; all when absent", example = "BTC")
                                    @QueryParam("symbol") String symbol) {
        String s = symbol == null || symbol.isBlank() ? null : symbol;
        CacheClearReport r = client.marketData().clearCaches(s);
        long renderedAnswers = rendered.clear();
        client.audit().record(caller().actor(RequestIds.of(request)), "admin.cache.clear", "cache",
                r.symbol() == null ? "all" : r.symbol(), List.of());
        return new CacheCleared(r.symbol(), r.results(), r.files(), renderedAnswers);
    }

    @POST
    @Path("/refresh")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "adminRefresh", summary = "Refresh market data from its sources, in the background",
            description = "Brings the symbols named (or, without any, the watchlist REFRESH_SYMBOLS) up to date from their "
                    + "sources: from the last stored bar minus an overlap to now, merged into the stored years and verified "
                    + "before anything is replaced; nothing is ever deleted. Answers at once with the task (kind refresh): "
                    + "follow it with getTask or streamTaskEvents, stop it with cancelTask. Refreshes run one after the other. "
                    + "Each named symbol: symbol (the store's), source (an enabled one but file), provider_symbol (default: the "
                    + "symbol), resolution (1m or 1d; default: the finest the source delivers); at most " + RefreshBody.MAX_SYMBOLS
                    + " symbols.")
    @APIResponse(responseCode = "202", description = "The refresh's task, running",
            headers = @Header(name = "Location", description = "The task", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.TASK)))
    @APIResponse(responseCode = "400", description = "A symbol, source, provider_symbol or resolution at fault, more than "
            + RefreshBody.MAX_SYMBOLS + " symbols, or no symbols and no watchlist (VALIDATION_FAILED)")
    @APIResponse(responseCode = "403", ref = OpenApiNames.FORBIDDEN)
    public Response refresh(@RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "RefreshBody"),
            examples = @ExampleObject(name = "two_symbols", value = "{\"symbols\": [{\"symbol\": \"SPY\", \"source\": \"yahoo\", "
                    + "\"resolution\": \"1d\"}, {\"symbol\": \"BTC\", \"source\": \"binance\", \"provider_symbol\": \"BTCUSDT\"}]}")))
                            RefreshBody body) {
        RefreshRequest refresh = RefreshBody.request(body, client.config().refreshSymbols(), client.sources());
        UUID task = client.marketData().refreshInBackground(refresh.requestedBy(caller().userId()));
        client.audit().record(caller().actor(RequestIds.of(request)), "admin.refresh", "market_data", task.toString(), List.of());
        return Response.accepted(client.tasks().getAny(task)).location(uri.getBaseUriBuilder().path("api/v1/tasks/{id}").build(task))
                .build();
    }

    @POST
    @Path("/ohlcv/{symbol}/import")
    @Consumes({UploadedFile.CSV, UploadedFile.PARQUET, MediaType.APPLICATION_OCTET_STREAM})
    @Operation(operationId = "adminImportMarketData", summary = "Import a CSV or Parquet file of 1-minute bars for a symbol",
            description = "The request body is the file: text/csv (a header with time, open, high, low, close and optionally "
                    + "volume; time as ISO-8601 or unix seconds or milliseconds) or Parquet (application/vnd.apache.parquet or "
                    + "application/octet-stream). Every row is checked first; the bars are then merged into the stored years "
                    + "(a bar of the same minute replaced, every other stored bar kept) and verified before any object is "
                    + "replaced. Recorded as a task of kind import. At most HTTP_MAX_UPLOAD_BYTES (default 256 MiB).")
    @APIResponse(responseCode = "200", description = "What the import did",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.IMPORT_REPORT)))
    @APIResponse(responseCode = "400", description = "An invalid symbol (INVALID_SYMBOL), an empty file, or rows at fault (VALIDATION_FAILED, "
            + "listing the first of them); nothing is written then")
    @APIResponse(responseCode = "403", ref = OpenApiNames.FORBIDDEN)
    @APIResponse(responseCode = "413", description = "A file larger than HTTP_MAX_UPLOAD_BYTES (PAYLOAD_TOO_LARGE)")
    @APIResponse(responseCode = "503", ref = OpenApiNames.STORAGE_UNAVAILABLE)
    public ImportReport importFile(@Parameter(description = "Symbol, upper case", example = "BTC") @PathParam("symbol") String symbol,
                                   @Context HttpHeaders headers,
                                   @RequestBody(required = true, content = {
                                           @Content(mediaType = UploadedFile.CSV, schema = @Schema(type = SchemaType.STRING)),
                                           @Content(mediaType = UploadedFile.PARQUET, schema = @Schema(type = SchemaType.STRING, format = "binary"))})
                                   InputStream body) {
        Symbols.require(symbol);
        try (UploadedFile file = UploadedFile.save(body, headers.getMediaType(), client.config().dataDir().resolve("uploads"), request)) {
            ImportReport report = file.csv()
                    ? client.marketData().importCsv(symbol, file.path(), caller().userId())
                    : client.marketData().importParquet(symbol, file.path(), caller().userId());
            client.audit().record(caller().actor(RequestIds.of(request)), "admin.market_data.import", "market_data", symbol, List.of());
            return report;
        }
    }
}
