package dev.backtest.server.api.v1;

import dev.backtest.sdk.audit.AuditEvent;
import dev.backtest.sdk.page.Page;
import dev.backtest.server.openapi.OpenApiNames;
import jakarta.ws.rs.GET;
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

/** {@code GET /api/v1/audit}: the caller's own audit trail (every change they made), newest first. */
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "audit")
public class AuditResource extends UserResource {

    @GET
    @Operation(operationId = "listMyAuditEvents", summary = "The changes the current user made, newest first")
    @APIResponse(responseCode = "200", description = "A page of audit events",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.AUDIT_EVENT_PAGE)))
    @APIResponse(responseCode = "400", description = "Invalid resource_type, from, to (VALIDATION_FAILED), limit, offset, cursor or sort")
    public Page<AuditEvent> list(@Parameter(ref = OpenApiNames.AUDIT_RESOURCE_TYPE) @QueryParam("resource_type") String resourceType,
                                 @Parameter(ref = OpenApiNames.AUDIT_FROM) @QueryParam("from") String from,
                                 @Parameter(ref = OpenApiNames.AUDIT_TO) @QueryParam("to") String to,
                                 @Parameter(ref = OpenApiNames.LIMIT) @QueryParam("limit") String limit,
                                 @Parameter(ref = OpenApiNames.OFFSET) @QueryParam("offset") String offset,
                                 @Parameter(ref = OpenApiNames.CURSOR) @QueryParam("cursor") String cursor,
                                 @Parameter(ref = OpenApiNames.AUDIT_SORT) @QueryParam("sort") String sort) {
        AuditQuery q = AuditQuery.parse(resourceType, from, to, limit, offset, cursor, sort);
        return client.audit().list(user(), q.filter(), q.page());
    }
}
