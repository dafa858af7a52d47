package dev.backtest.server.api.v1;

import dev.backtest.sdk.backtest.BacktestInput;
import dev.backtest.sdk.backtest.BacktestService;
import dev.backtest.sdk.backtest.BacktestView;
import dev.backtest.sdk.optimization.OptimizeRequest;
import dev.backtest.sdk.optimization.OptimizeResult;
import dev.backtest.sdk.page.Page;
import dev.backtest.sdk.page.PageRequest;
import dev.backtest.sdk.report.Reports;
import dev.backtest.sdk.run.RunService;
import dev.backtest.sdk.run.RunView;
import dev.backtest.server.openapi.OpenApiNames;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
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

import java.util.UUID;

/**
 * Backtests of the current user, and their runs: {@code POST /{id}/run} queues one (202),
 * {@code GET /{id}/run} shows the latest, {@code POST /{id}/cancel} stops it, {@code GET /{id}/results}
 * gives the latest completed run's results, {@code GET /{id}/events} streams progress (SSE) and
 * {@code POST /{id}/optimize} sweeps parameters synchronously; {@code GET /{id}/runs} lists every run, and
 * {@code /{id}/runs/{run_id}}, {@code .../results} and {@code .../report} read any of them.
 */
@Path("/api/v1/backtests")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "backtests")
public class BacktestsResource extends UserResource {

    private static final String CREATE_EXAMPLE = "{\"name\": \"BTC 2024\", \"strategy\": \"Fast cross\", \"symbol\": \"BTC\", "
            + "\"timeframe\": \"1h\", \"start_date\": \"2024-01-01\", \"end_date\": \"2024-12-31\", \"initial_capital\": 10000, "
            + "\"commission\": 0.001, \"parameters\": {\"fast\": 5, \"slow\": 20}}";
    private static final String UPDATE_EXAMPLE = "{\"name\": \"BTC H1 2024\", \"end_date\": \"2024-06-30\", \"parameters\": {\"fast\": 8}}";
    private static final String OPTIMIZE_EXAMPLE = "{\"grid\": {\"fast\": [5, 10, 20], \"slow\": [30, 50]}, "
            + "\"constraint\": \"fast < slow\", \"metric\": \"sharpe_ratio\", \"top\": 3}";

    @POST
    @Operation(operationId = "createBacktest", summary = "Create a backtest in status draft")
    @APIResponse(responseCode = "201", description = "Created; Location names the new backtest",
            headers = @Header(name = "Location", description = "URL of the new backtest", schema = @Schema(type = SchemaType.STRING, format = "uri")),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.BACKTEST)))
    @APIResponse(responseCode = "400", description = "Invalid or missing fields, an unknown strategy (field strategy) or a body that is not JSON (VALIDATION_FAILED)")
    public Response create(@RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = OpenApiNames.BACKTEST_INPUT),
            examples = @ExampleObject(name = "btc_2024", value = CREATE_EXAMPLE))) BacktestInput input) {
        BacktestView s = acting().backtests().create(user(), input);
        return Response.created(uri.getAbsolutePathBuilder().path(s.id().toString()).build()).entity(s).build();
    }

    @GET
    @Operation(operationId = "listBacktests", summary = "List the current user's backtests")
    @APIResponse(responseCode = "200", description = "A page of backtests",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.BACKTEST_PAGE)))
    @APIResponse(responseCode = "400", ref = OpenApiNames.INVALID_PAGE)
    public Page<BacktestView> list(@Parameter(ref = OpenApiNames.LIMIT) @QueryParam("limit") String limit,
                                   @Parameter(ref = OpenApiNames.OFFSET) @QueryParam("offset") String offset,
                                   @Parameter(ref = OpenApiNames.CURSOR) @QueryParam("cursor") String cursor,
                                   @Parameter(ref = OpenApiNames.SORT)
                                   @QueryParam("sort") String sort) {
        return acting().backtests().list(user(), PageRequest.parse(limit, offset, cursor, sort));
    }

    @GET
    @Path("/{backtest_id}")
    @Operation(operationId = "getBacktest", summary = "Get a backtest")
    @APIResponse(responseCode = "200", description = "The backtest",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.BACKTEST)))
    @APIResponse(responseCode = "404", ref = OpenApiNames.BACKTEST_NOT_FOUND)
    public BacktestView get(@Parameter(ref = OpenApiNames.BACKTEST_ID) @PathParam("backtest_id") String id) {
        return acting().backtests().get(user(), Ids.parse(id, BacktestService::notFound));
    }

    @PUT
    @Path("/{backtest_id}")
    @Operation(operationId = "updateBacktest", summary = "Update a backtest; null or missing fields keep their value")
    @APIResponse(responseCode = "200", description = "The updated backtest",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.BACKTEST)))
    @APIResponse(responseCode = "400", description = "Invalid fields, an unknown strategy, initial_capital or symbol changed after trades were recorded, or a body that is not JSON (VALIDATION_FAILED)")
    @APIResponse(responseCode = "404", ref = OpenApiNames.BACKTEST_NOT_FOUND)
    @APIResponse(responseCode = "409", description = "The backtest is queued or running (BACKTEST_INVALID_STATE)")
    public BacktestView update(@Parameter(ref = OpenApiNames.BACKTEST_ID) @PathParam("backtest_id") String id,
                               @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                       schema = @Schema(ref = OpenApiNames.BACKTEST_INPUT),
                                       examples = @ExampleObject(name = "rename_and_shorten", value = UPDATE_EXAMPLE))) BacktestInput input) {
        return acting().backtests().update(user(), Ids.parse(id, BacktestService::notFound), input);
    }

    @DELETE
    @Path("/{backtest_id}")
    @Operation(operationId = "deleteBacktest", summary = "Delete a backtest (soft: it and its trades vanish from lists and gets)")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", ref = OpenApiNames.BACKTEST_NOT_FOUND)
    @APIResponse(responseCode = "409", description = "The backtest is queued or running (BACKTEST_INVALID_STATE)")
    public Response delete(@Parameter(ref = OpenApiNames.BACKTEST_ID) @PathParam("backtest_id") String id) {
        acting().backtests().delete(user(), Ids.parse(id, BacktestService::notFound));
        return Response.noContent().build();
    }

    @POST
    @Path("/{backtest_id}/run")
    @Operation(operationId = "startRun", summary = "Queue a run of the backtest with its current strategy, parameters, capital and commission")
    @APIResponse(responseCode = "202", description = "Queued; poll getLatestRun (Location) or stream streamRunEvents until it finishes",
            headers = @Header(name = "Location", description = "URL of the latest run", schema = @Schema(type = SchemaType.STRING, format = "uri")),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.RUN)))
    @APIResponse(responseCode = "400", description = "The backtest has no strategy (VALIDATION_FAILED on field strategy)")
    @APIResponse(responseCode = "404", ref = OpenApiNames.BACKTEST_NOT_FOUND)
    @APIResponse(responseCode = "409", description = "The backtest is already queued or running (BACKTEST_INVALID_STATE)")
    @APIResponse(responseCode = "503", description = "The run could not be queued (DATABASE_UNAVAILABLE); the run is marked failed")
    public Response run(@Parameter(ref = OpenApiNames.BACKTEST_ID) @PathParam("backtest_id") String id) {
        RunView run = acting().runs().start(user(), Ids.parse(id, BacktestService::notFound));
        return Response.accepted(run).location(uri.getAbsolutePath()).build();
    }

    @GET
    @Path("/{backtest_id}/run")
    @Operation(operationId = "getLatestRun", summary = "The latest run of the backtest: status, progress, timings, error")
    @APIResponse(responseCode = "200", description = "The latest run",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.RUN)))
    @APIResponse(responseCode = "404", description = "No such backtest for this user (BACKTEST_NOT_FOUND), or it has never run (RUN_NOT_FOUND)")
    public RunView latestRun(@Parameter(ref = OpenApiNames.BACKTEST_ID) @PathParam("backtest_id") String id) {
        return acting().runs().get(user(), Ids.parse(id, BacktestService::notFound));
    }

    @POST
    @Path("/{backtest_id}/cancel")
    @Operation(operationId = "cancelRun", summary = "Cancel the latest run: a queued one at once, a running one at its next progress check; "
            + "a finished run is left as it is")
    @APIResponse(responseCode = "200", description = "The latest run after the request (cancel_requested set unless it had finished)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.RUN)))
    @APIResponse(responseCode = "404", description = "No such backtest for this user (BACKTEST_NOT_FOUND), or it has never run (RUN_NOT_FOUND)")
    public RunView cancel(@Parameter(ref = OpenApiNames.BACKTEST_ID) @PathParam("backtest_id") String id) {
        return acting().runs().cancel(user(), Ids.parse(id, BacktestService::notFound));
    }

    @GET
    @Path("/{backtest_id}/results")
    @Operation(operationId = "getRunResults", summary = "Statistics, equity curve and a page of trades of the latest completed run")
    @APIResponse(responseCode = "200", description = "The results (format=json), or one part of them as an RFC 4180 file (format=csv)",
            content = {@Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.RUN_RESULTS)),
                @Content(mediaType = ResultsFormat.CSV, schema = @Schema(type = SchemaType.STRING))})
    @APIResponse(responseCode = "400", description = "Invalid points, limit, offset, cursor, format or part (VALIDATION_FAILED)")
    @APIResponse(responseCode = "404", description = "No such backtest for this user (BACKTEST_NOT_FOUND), or it has no completed run (RUN_NOT_FOUND)")
    @Produces({MediaType.APPLICATION_JSON, ResultsFormat.CSV})
    public Response results(@Parameter(ref = OpenApiNames.BACKTEST_ID) @PathParam("backtest_id") String id,
                            @Parameter(ref = OpenApiNames.POINTS) @QueryParam("points") String points,
                            @Parameter(ref = OpenApiNames.LIMIT) @QueryParam("limit") String limit,
                            @Parameter(ref = OpenApiNames.OFFSET) @QueryParam("offset") String offset,
                            @Parameter(ref = OpenApiNames.CURSOR) @QueryParam("cursor") String cursor,
                            @Parameter(ref = OpenApiNames.RESULTS_FORMAT) @QueryParam("format") String format,
                            @Parameter(ref = OpenApiNames.RESULTS_PART) @QueryParam("part") String part) {
        UUID backtest = Ids.parse(id, BacktestService::notFound);
        return ResultsFormat.respond(format, part, points, (n, page) -> acting().runs().results(user(), backtest, n, page),
                () -> acting().runs().results(user(), backtest, points(points), PageRequest.parse(limit, offset, cursor, null)));
    }

    /**
     * The latest completed run as one self-contained HTML page (interactive charts drawn by uPlot, inlined; no external
     * resources), under the SDK's report policy: its own two inline scripts allowed by hash, nothing loaded.
     */
    @GET
    @Path("/{backtest_id}/report")
    @Produces(MediaType.TEXT_HTML)
    @Operation(operationId = "getBacktestReport", summary = "The latest completed run as one self-contained HTML page",
            description = "Statistics, the equity curve with buy-and-hold, the drawdown, the candles with the trades marked, the "
                    + "monthly returns and the trades; interactive charts (values under the cursor, zoom over time) drawn by an "
                    + "inlined uPlot; no external resources (Content-Security-Policy default-src 'none', the page's scripts "
                    + "allowed by hash). The candles are read again from the store.")
    @APIResponse(responseCode = "200", description = "The report",
            content = @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "404", description = "No such backtest for this user (BACKTEST_NOT_FOUND), or it has no completed run (RUN_NOT_FOUND)")
    @APIResponse(responseCode = "502", description = "The candles changed since the run (DATA_CORRUPT): run the backtest again")
    public Response report(@Parameter(ref = OpenApiNames.BACKTEST_ID) @PathParam("backtest_id") String id) {
        return html(acting().runs().report(user(), Ids.parse(id, BacktestService::notFound)));
    }

    @GET
    @Path("/{backtest_id}/runs")
    @Operation(operationId = "listRuns", summary = "Every run of the backtest, newest first (sort=created_at: oldest first)",
            description = "Runs are never deleted; each completed run keeps its own results, trades and report.")
    @APIResponse(responseCode = "200", description = "A page of runs",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.RUN_PAGE)))
    @APIResponse(responseCode = "400", ref = OpenApiNames.INVALID_PAGE)
    @APIResponse(responseCode = "404", ref = OpenApiNames.BACKTEST_NOT_FOUND)
    public Page<RunView> listRuns(@Parameter(ref = OpenApiNames.BACKTEST_ID) @PathParam("backtest_id") String id,
                                  @Parameter(ref = OpenApiNames.LIMIT) @QueryParam("limit") String limit,
                                  @Parameter(ref = OpenApiNames.OFFSET) @QueryParam("offset") String offset,
                                  @Parameter(ref = OpenApiNames.CURSOR) @QueryParam("cursor") String cursor,
                                  @Parameter(ref = OpenApiNames.SORT) @QueryParam("sort") String sort) {
        return acting().runs().list(user(), Ids.parse(id, BacktestService::notFound), PageRequest.parse(limit, offset, cursor, sort));
    }

    @GET
    @Path("/{backtest_id}/runs/{run_id}")
    @Operation(operationId = "getRun", summary = "One run of the backtest: status, progress, timings, error")
    @APIResponse(responseCode = "200", description = "The run",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.RUN)))
    @APIResponse(responseCode = "404", description = "No such backtest for this user (BACKTEST_NOT_FOUND), or no such run of it (RUN_NOT_FOUND)")
    public RunView getRun(@Parameter(ref = OpenApiNames.BACKTEST_ID) @PathParam("backtest_id") String id,
                          @Parameter(ref = OpenApiNames.RUN_ID) @PathParam("run_id") String runId) {
        UUID backtest = Ids.parse(id, BacktestService::notFound);
        return acting().runs().get(user(), backtest, Ids.parse(runId, run -> RunService.runNotFound(backtest, run)));
    }

    @GET
    @Path("/{backtest_id}/runs/{run_id}/results")
    @Operation(operationId = "getRunResultsById", summary = "Statistics, equity curve and a page of trades of one completed run")
    @APIResponse(responseCode = "200", description = "The results (format=json), or one part of them as an RFC 4180 file (format=csv)",
            content = {@Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.RUN_RESULTS)),
                @Content(mediaType = ResultsFormat.CSV, schema = @Schema(type = SchemaType.STRING))})
    @APIResponse(responseCode = "400", description = "Invalid points, limit, offset, cursor, format or part (VALIDATION_FAILED)")
    @APIResponse(responseCode = "404", description = "No such backtest for this user (BACKTEST_NOT_FOUND), or no such run of it, "
            + "or the run did not complete (RUN_NOT_FOUND)")
    @Produces({MediaType.APPLICATION_JSON, ResultsFormat.CSV})
    public Response runResults(@Parameter(ref = OpenApiNames.BACKTEST_ID) @PathParam("backtest_id") String id,
                               @Parameter(ref = OpenApiNames.RUN_ID) @PathParam("run_id") String runId,
                               @Parameter(ref = OpenApiNames.POINTS) @QueryParam("points") String points,
                               @Parameter(ref = OpenApiNames.LIMIT) @QueryParam("limit") String limit,
                               @Parameter(ref = OpenApiNames.OFFSET) @QueryParam("offset") String offset,
                               @Parameter(ref = OpenApiNames.CURSOR) @QueryParam("cursor") String cursor,
                               @Parameter(ref = OpenApiNames.RESULTS_FORMAT) @QueryParam("format") String format,
                               @Parameter(ref = OpenApiNames.RESULTS_PART) @QueryParam("part") String part) {
        UUID backtest = Ids.parse(id, BacktestService::notFound);
        UUID run = Ids.parse(runId, r -> RunService.runNotFound(backtest, r));
        return ResultsFormat.respond(format, part, points, (n, page) -> acting().runs().results(user(), backtest, run, n, page),
                () -> acting().runs().results(user(), backtest, run, points(points), PageRequest.parse(limit, offset, cursor, null)));
    }

    @GET
    @Path("/{backtest_id}/runs/{run_id}/report")
    @Produces(MediaType.TEXT_HTML)
    @Operation(operationId = "getRunReport", summary = "One completed run as one self-contained HTML page",
            description = "As getBacktestReport, for any completed run of the backtest.")
    @APIResponse(responseCode = "200", description = "The report",
            content = @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "404", description = "No such backtest for this user (BACKTEST_NOT_FOUND), or no such run of it, "
            + "or the run did not complete (RUN_NOT_FOUND)")
    @APIResponse(responseCode = "502", description = "The candles changed since the run (DATA_CORRUPT): run the backtest again")
    public Response runReport(@Parameter(ref = OpenApiNames.BACKTEST_ID) @PathParam("backtest_id") String id,
                              @Parameter(ref = OpenApiNames.RUN_ID) @PathParam("run_id") String runId) {
        UUID backtest = Ids.parse(id, BacktestService::notFound);
        return html(acting().runs().report(user(), backtest, Ids.parse(runId, r -> RunService.runNotFound(backtest, r))));
    }

    /** A self-contained page. */
    static Response html(String html) {
        return Response.ok(html, MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).header("Content-Security-Policy", Reports.contentSecurityPolicy())
                .build();
    }

    @POST
    @Path("/{backtest_id}/optimize")
    @Operation(operationId = "optimizeBacktest", summary = "Sweep a grid of strategy parameters over the backtest's candles",
            description = "Synchronous, on all cores of the instance that answers; every combination of the grid that the "
                    + "constraint allows and the strategy accepts is run, the best top by metric are returned. Nothing is stored.")
    @APIResponse(responseCode = "200", description = "The best parameter sets, best first",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.OPTIMIZE_RESULT)))
    @APIResponse(responseCode = "400", description = "The backtest has no strategy, or an invalid grid, constraint or top (VALIDATION_FAILED); "
            + "an unknown metric (INVALID_RUN_OPTIONS); the backtest's range outside the available data (DATE_RANGE)")
    @APIResponse(responseCode = "404", description = "No such backtest for this user (BACKTEST_NOT_FOUND), or no data for its symbol (SYMBOL_NOT_FOUND)")
    @APIResponse(responseCode = "422", description = "More than OPTIMIZE_MAX_GRID (default " + dev.backtest.sdk.optimization.OptimizationService.DEFAULT_MAX_GRID_SIZE + ") combinations (GRID_TOO_LARGE), or more "
            + "candles than CANDLE_MAX_ROWS (RESULT_TOO_LARGE)")
    @APIResponse(responseCode = "503", ref = OpenApiNames.STORAGE_UNAVAILABLE)
    public OptimizeResult optimize(@Parameter(ref = OpenApiNames.BACKTEST_ID) @PathParam("backtest_id") String id,
                                   @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                           schema = @Schema(ref = OpenApiNames.OPTIMIZE_REQUEST),
                                           examples = @ExampleObject(name = "sma_grid", value = OPTIMIZE_EXAMPLE))) OptimizeRequest request) {
        return acting().optimizations().optimize(user(), Ids.parse(id, BacktestService::notFound), request);
    }

    /**
     * Progress of the latest run as server-sent events: a {@code progress} event whenever status or progress
     * changes, then one event named after the final status ({@code completed}, {@code failed}, {@code cancelled})
     * and the end of the stream. The database is polled, so any instance can serve the stream.
     */
    @GET
    @Path("/{backtest_id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(operationId = "streamRunEvents", summary = "Progress of the latest run as server-sent events",
            description = "A progress event whenever the status or progress changes, then one event named after the final "
                    + "status (completed, failed, cancelled) and the end of the stream; each event's data is the run as JSON "
                    + "(the Run schema). A stream ends after 10 minutes at most: reconnect, or poll getLatestRun.")
    @APIResponse(responseCode = "200", description = "The event stream",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "404", description = "No such backtest for this user (BACKTEST_NOT_FOUND), or it has never run (RUN_NOT_FOUND); answered before the stream opens")
    public void events(@Parameter(ref = OpenApiNames.BACKTEST_ID) @PathParam("backtest_id") String id, @Context SseEventSink sink, @Context Sse sse) {
        java.util.UUID user = user();
        java.util.UUID backtest = Ids.parse(id, BacktestService::notFound);
        RunView first = acting().runs().get(user, backtest); // not found: a problem response before the stream opens
        try (sink) {
            RunEvents.stream(first, () -> acting().runs().get(user, backtest), sink, sse);
        }
    }

    private static int points(String raw) {
        return QueryParams.integer("points", raw, 500, "an integer from 2 to " + RunService.MAX_POINTS);
    }
}
