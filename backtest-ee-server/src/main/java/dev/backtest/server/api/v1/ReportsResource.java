package dev.backtest.server.api.v1;

import dev.backtest.sdk.page.Page;
import dev.backtest.sdk.page.PageRequest;
import dev.backtest.sdk.report.ReportExport;
import dev.backtest.sdk.report.ReportFormat;
import dev.backtest.sdk.report.ReportRequest;
import dev.backtest.sdk.report.ReportService;
import dev.backtest.sdk.report.Reports;
import dev.backtest.sdk.report.ReportView;
import dev.backtest.server.openapi.OpenApiNames;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
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

/**
 * Saved reports of the current user: {@code /api/v1/reports...}. Thin: parse, call {@code client.reports()} acting as
 * the caller (creates and deletes are audited), answer the SDK's records; exports carry their media type and a
 * Content-Disposition with the file name.
 */
@Path("/api/v1/reports")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "reports")
public class ReportsResource extends UserResource {

    private static final String CREATE_EXAMPLE = "{\"type\": \"period_returns\", \"backtest_id\": \"5f0c2a8e-9a4b-4f7e-8d1c-3b6a2e9f4c21\", "
            + "\"start_date\": \"2023-01-01\", \"end_date\": \"2023-12-31\"}";

    @POST
    @Operation(operationId = "createReport", summary = "Build and save a report of a completed backtest or index run over a period",
            description = "The report records what it was built from (backtest or index, run, period, type, the fingerprint of the "
                    + "run's stored results, the content version) and keeps the content it computed. An index_performance report "
                    + "names index_id and reads the index's latest completed run.")
    @APIResponse(responseCode = "201", description = "Created; Location names the new report",
            headers = @Header(name = "Location", description = "URL of the new report", schema = @Schema(type = SchemaType.STRING, format = "uri")),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.REPORT)))
    @APIResponse(responseCode = "400", description = "Invalid or missing fields: type missing or unknown, title, backtest_id "
            + "(or index_id for index_performance), dates reversed or outside the run's bars, or a body that is not JSON "
            + "(VALIDATION_FAILED)")
    @APIResponse(responseCode = "404", description = "No such backtest for this user (BACKTEST_NOT_FOUND); no such completed run of "
            + "it, or it has none (RUN_NOT_FOUND); no such index for this user (INDEX_NOT_FOUND), or it has no completed run "
            + "(INDEX_RUN_NOT_FOUND)")
    public Response create(@RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = OpenApiNames.REPORT_REQUEST),
            examples = @ExampleObject(name = "returns_2023", value = CREATE_EXAMPLE))) ReportRequest request) {
        ReportView r = acting().reports().create(user(), request);
        return Response.created(uri.getAbsolutePathBuilder().path(r.id().toString()).build()).entity(r).build();
    }

    @GET
    @Operation(operationId = "listReports", summary = "The current user's reports without their content")
    @APIResponse(responseCode = "200", description = "A page of reports",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.REPORT_PAGE)))
    @APIResponse(responseCode = "400", ref = OpenApiNames.INVALID_PAGE)
    public Page<ReportView> list(@Parameter(ref = OpenApiNames.LIMIT) @QueryParam("limit") String limit,
                                 @Parameter(ref = OpenApiNames.OFFSET) @QueryParam("offset") String offset,
                                 @Parameter(ref = OpenApiNames.CURSOR) @QueryParam("cursor") String cursor,
                                 @Parameter(ref = OpenApiNames.SORT) @QueryParam("sort") String sort) {
        return acting().reports().list(user(), PageRequest.parse(limit, offset, cursor, sort));
    }

    @GET
    @Path("/{report_id}")
    @Operation(operationId = "getReport", summary = "One report with its content")
    @APIResponse(responseCode = "200", description = "The report",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.REPORT)))
    @APIResponse(responseCode = "404", ref = OpenApiNames.REPORT_NOT_FOUND)
    public ReportView get(@Parameter(ref = OpenApiNames.REPORT_ID) @PathParam("report_id") String id) {
        return acting().reports().get(user(), Ids.parse(id, ReportService::notFound));
    }

    @DELETE
    @Path("/{report_id}")
    @Operation(operationId = "deleteReport", summary = "Delete a report (soft: it vanishes from lists and gets)")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", ref = OpenApiNames.REPORT_NOT_FOUND)
    public Response delete(@Parameter(ref = OpenApiNames.REPORT_ID) @PathParam("report_id") String id) {
        acting().reports().delete(user(), Ids.parse(id, ReportService::notFound));
        return Response.noContent().build();
    }

    @GET
    @Path("/{report_id}/export")
    @Produces({MediaType.TEXT_HTML, "text/csv", MediaType.APPLICATION_JSON})
    @Operation(operationId = "exportReport", summary = "The report as a file: HTML, CSV or JSON",
            description = "html: one self-contained page (inline SVG, no external resources), shown inline; csv: RFC 4180 with a "
                    + "header row and ISO-8601 dates, the trades of a backtest_summary or the returns table (months, then years) "
                    + "of a period_returns; json: the report with its content. csv and json are attachments.")
    @APIResponse(responseCode = "200", description = "The file; Content-Disposition names it report-<id>.<format>",
            headers = @Header(name = "Content-Disposition", description = "inline (html) or attachment (csv, json), with the file name",
                    schema = @Schema(type = SchemaType.STRING)),
            content = {@Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING)),
                @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING)),
                @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.REPORT))})
    @APIResponse(responseCode = "400", description = "format other than html, csv or json (VALIDATION_FAILED)")
    @APIResponse(responseCode = "404", ref = OpenApiNames.REPORT_NOT_FOUND)
    public Response export(@Parameter(ref = OpenApiNames.REPORT_ID) @PathParam("report_id") String id,
                           @Parameter(description = "The file's format", schema = @Schema(type = SchemaType.STRING,
                                   enumeration = {"html", "csv", "json"}, defaultValue = "html")) @QueryParam("format") String format) {
        ReportFormat f = ReportFormat.parse(format);
        ReportExport file = acting().reports().export(user(), Ids.parse(id, ReportService::notFound), f);
        Response.ResponseBuilder r = Response.ok(file.body(), file.mediaType())
                .header("Content-Disposition", (f == ReportFormat.HTML ? "inline" : "attachment") + "; filename=\"" + file.fileName() + "\"");
        if (f == ReportFormat.HTML) {
            r.header("Content-Security-Policy", Reports.contentSecurityPolicy());
        }
        return r.build();
    }
}
