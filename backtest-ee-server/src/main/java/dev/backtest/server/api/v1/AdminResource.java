package dev.backtest.server.api.v1;

import dev.backtest.sdk.Diagnostics;
import dev.backtest.sdk.audit.AuditEvent;
import dev.backtest.sdk.marketdata.CacheClearReport;
import dev.backtest.sdk.page.Page;
import dev.backtest.sdk.page.PageRequest;
import dev.backtest.sdk.user.UserView;
import dev.backtest.server.ServerInfo;
import dev.backtest.server.http.RequestIds;
import dev.backtest.server.marketdata.RenderedCandles;
import dev.backtest.server.openapi.OpenApiNames;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code /api/v1/admin/...}: for administrators (the admin role) and the admin token only; the authentication
 * filter answers 403 {@code FORBIDDEN} to anyone else and records the attempt. Users with their counts, everyone's
 * audit trail, diagnostics, and clearing the candle caches.
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
}
