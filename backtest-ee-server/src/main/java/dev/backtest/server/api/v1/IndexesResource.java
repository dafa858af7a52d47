package dev.backtest.server.api.v1;

import dev.backtest.engine.portfolio.PortfolioStats;
import dev.backtest.error.FieldErrors;
import dev.backtest.sdk.index.AllocationSet;
import dev.backtest.sdk.index.IndexBenchmark;
import dev.backtest.sdk.index.IndexCurrent;
import dev.backtest.sdk.index.IndexHistory;
import dev.backtest.sdk.index.IndexInput;
import dev.backtest.sdk.index.IndexRunView;
import dev.backtest.sdk.index.IndexService;
import dev.backtest.sdk.index.IndexView;
import dev.backtest.sdk.page.Page;
import dev.backtest.sdk.page.PageRequest;
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

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Indexes of the current user (another user's answers exactly like a missing one, {@code INDEX_NOT_FOUND}), their runs
 * ({@code POST /{id}/run} queues one on the run queue, 202) and what the latest completed run stored: the current
 * value, the history, the allocations, the benchmark comparison and the risk metrics.
 */
@Path("/api/v1/indexes")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "indexes")
public class IndexesResource extends UserResource {

    private static final String CREATE_EXAMPLE = "{\"name\": \"Crypto majors\", \"universe\": [\"BTC\", \"ETH\"], "
            + "\"weighting\": \"market_cap\", \"max_weight\": 0.6, \"schedule\": \"monthly\", \"benchmark\": \"BTC\", "
            + "\"base_value\": 1000, \"start_date\": \"2023-01-01\"}";
    private static final int DEFAULT_POINTS = 500;

    @POST
    @Operation(operationId = "createIndex", summary = "Create an index")
    @APIResponse(responseCode = "201", description = "Created; Location names the new index",
            headers = @Header(name = "Location", description = "URL of the new index", schema = @Schema(type = SchemaType.STRING, format = "uri")),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.INDEX)))
    @APIResponse(responseCode = "400", description = "Invalid or missing fields (unknown symbols, too many assets, weights, ...) or "
            + "a body that is not JSON (VALIDATION_FAILED)")
    @APIResponse(responseCode = "409", description = "The user already has an index of that name (DUPLICATE_NAME)")
    public Response create(@RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = OpenApiNames.INDEX_INPUT),
            examples = @ExampleObject(name = "crypto_majors", value = CREATE_EXAMPLE))) IndexInput input) {
        IndexView ix = acting().indexes().create(user(), input);
        return Response.created(uri.getAbsolutePathBuilder().path(ix.id().toString()).build()).entity(ix).build();
    }

    @GET
    @Operation(operationId = "listIndexes", summary = "List the current user's indexes")
    @APIResponse(responseCode = "200", description = "A page of indexes",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.INDEX_PAGE)))
    @APIResponse(responseCode = "400", ref = OpenApiNames.INVALID_PAGE)
    public Page<IndexView> list(@Parameter(ref = OpenApiNames.LIMIT) @QueryParam("limit") String limit,
                                @Parameter(ref = OpenApiNames.OFFSET) @QueryParam("offset") String offset,
                                @Parameter(ref = OpenApiNames.CURSOR) @QueryParam("cursor") String cursor,
                                @Parameter(ref = OpenApiNames.SORT) @QueryParam("sort") String sort) {
        return acting().indexes().list(user(), PageRequest.parse(limit, offset, cursor, sort));
    }

    @GET
    @Path("/{index_id}")
    @Operation(operationId = "getIndex", summary = "Get an index")
    @APIResponse(responseCode = "200", description = "The index",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.INDEX)))
    @APIResponse(responseCode = "404", ref = OpenApiNames.INDEX_NOT_FOUND)
    public IndexView get(@Parameter(ref = OpenApiNames.INDEX_ID) @PathParam("index_id") String id) {
        return acting().indexes().get(user(), index(id));
    }

    @PUT
    @Path("/{index_id}")
    @Operation(operationId = "updateIndex", summary = "Update an index; null or missing fields keep their value",
            description = "The whole definition is validated again. Runs already made keep what they were made from.")
    @APIResponse(responseCode = "200", description = "The updated index",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.INDEX)))
    @APIResponse(responseCode = "400", description = "Invalid fields or a body that is not JSON (VALIDATION_FAILED)")
    @APIResponse(responseCode = "404", ref = OpenApiNames.INDEX_NOT_FOUND)
    @APIResponse(responseCode = "409", description = "The user already has another index of that name (DUPLICATE_NAME)")
    public IndexView update(@Parameter(ref = OpenApiNames.INDEX_ID) @PathParam("index_id") String id,
                            @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                    schema = @Schema(ref = OpenApiNames.INDEX_INPUT),
                                    examples = @ExampleObject(name = "cap_lower", value = "{\"max_weight\": 0.4, \"schedule\": \"quarterly\"}")))
                            IndexInput input) {
        return acting().indexes().update(user(), index(id), input, null);
    }

    @DELETE
    @Path("/{index_id}")
    @Operation(operationId = "deleteIndex", summary = "Delete an index (soft: it vanishes from lists, gets and the task view; a "
            + "queued or running run is cancelled)")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", ref = OpenApiNames.INDEX_NOT_FOUND)
    public Response delete(@Parameter(ref = OpenApiNames.INDEX_ID) @PathParam("index_id") String id) {
        acting().indexes().delete(user(), index(id));
        return Response.noContent().build();
    }

    @POST
    @Path("/{index_id}/run")
    @Operation(operationId = "runIndex", summary = "Queue a run of the index as it is defined now",
            description = "The run computes the index from its start date to today on daily bars and stores its values, "
                    + "allocations and risk metrics in one transaction; it is listed in the task view (kind index_run), where "
                    + "it can be followed (streamTaskEvents) and cancelled (cancelTask).")
    @APIResponse(responseCode = "202", description = "Queued; follow the run as a task (Location: getTask, streamTaskEvents) until it "
            + "completed, then read getIndexCurrent and the other result routes",
            headers = @Header(name = "Location", description = "URL of the run's task", schema = @Schema(type = SchemaType.STRING, format = "uri")),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.INDEX_RUN)))
    @APIResponse(responseCode = "404", ref = OpenApiNames.INDEX_NOT_FOUND)
    @APIResponse(responseCode = "409", description = "A run of the index is already queued or running (BACKTEST_INVALID_STATE)")
    public Response run(@Parameter(ref = OpenApiNames.INDEX_ID) @PathParam("index_id") String id) {
        IndexRunView run = acting().indexes().run(user(), index(id));
        return Response.accepted(run).location(uri.getBaseUriBuilder().path("api/v1/tasks/{id}").build(run.id())).build();
    }

    @GET
    @Path("/{index_id}/current")
    @Operation(operationId = "getIndexCurrent", summary = "The latest value, its changes over 1 day, 1 month and the year to date, "
            + "and the allocations in force")
    @APIResponse(responseCode = "200", description = "The index now",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.INDEX_CURRENT)))
    @APIResponse(responseCode = "404", ref = OpenApiNames.INDEX_RESULTS_NOT_FOUND)
    public IndexCurrent current(@Parameter(ref = OpenApiNames.INDEX_ID) @PathParam("index_id") String id) {
        return acting().indexes().current(user(), index(id));
    }

    @GET
    @Path("/{index_id}/history")
    @Operation(operationId = "getIndexHistory", summary = "The index values between two days, reduced like the equity curve")
    @APIResponse(responseCode = "200", description = "The values",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.INDEX_HISTORY)))
    @APIResponse(responseCode = "400", description = "A malformed date, an end before the start, or points outside 2.."
            + IndexService.MAX_POINTS + " (VALIDATION_FAILED)")
    @APIResponse(responseCode = "404", ref = OpenApiNames.INDEX_RESULTS_NOT_FOUND)
    public IndexHistory history(@Parameter(ref = OpenApiNames.INDEX_ID) @PathParam("index_id") String id,
                                @Parameter(description = "First day (YYYY-MM-DD); the first value when absent",
                                        schema = @Schema(type = SchemaType.STRING, format = "date")) @QueryParam("start_date") String start,
                                @Parameter(description = "Last day (YYYY-MM-DD); the last value when absent",
                                        schema = @Schema(type = SchemaType.STRING, format = "date")) @QueryParam("end_date") String end,
                                @Parameter(description = "Most values, evenly spaced, first and last kept",
                                        schema = @Schema(type = SchemaType.INTEGER, minimum = "2", maximum = "" + IndexService.MAX_POINTS,
                                                defaultValue = "" + DEFAULT_POINTS)) @QueryParam("points") String points) {
        UUID index = index(id);
        FieldErrors errors = new FieldErrors();
        LocalDate from = errors.collect(() -> QueryParams.date("start_date", start));
        LocalDate to = errors.collect(() -> QueryParams.date("end_date", end));
        Integer n = errors.collect(() -> QueryParams.integer("points", points, DEFAULT_POINTS, "an integer from 2 to " + IndexService.MAX_POINTS));
        errors.throwIfAny();
        return acting().indexes().history(user(), index, from, to, n);
    }

    @GET
    @Path("/{index_id}/allocations")
    @Operation(operationId = "getIndexAllocation", summary = "The allocation in force on a date: that of the latest rebalance filled "
            + "on or before it")
    @APIResponse(responseCode = "200", description = "The allocation",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.ALLOCATION_SET)))
    @APIResponse(responseCode = "400", description = "A missing or malformed date (VALIDATION_FAILED)")
    @APIResponse(responseCode = "404", description = "No such index for this user (INDEX_NOT_FOUND), no completed run, or no rebalance "
            + "filled by that date (INDEX_RUN_NOT_FOUND)")
    public AllocationSet allocation(@Parameter(ref = OpenApiNames.INDEX_ID) @PathParam("index_id") String id,
                                    @Parameter(required = true, description = "The day (YYYY-MM-DD)",
                                            schema = @Schema(type = SchemaType.STRING, format = "date")) @QueryParam("date") String date) {
        UUID index = index(id);
        return acting().indexes().allocation(user(), index, QueryParams.date("date", date));
    }

    @GET
    @Path("/{index_id}/allocations/history")
    @Operation(operationId = "getIndexAllocationHistory", summary = "Every rebalance of the latest completed run, oldest first, each "
            + "with the allocation in force after it")
    @APIResponse(responseCode = "200", description = "The allocations",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.ALLOCATION_SET_LIST)))
    @APIResponse(responseCode = "404", ref = OpenApiNames.INDEX_RESULTS_NOT_FOUND)
    public List<AllocationSet> allocationHistory(@Parameter(ref = OpenApiNames.INDEX_ID) @PathParam("index_id") String id) {
        return acting().indexes().allocationHistory(user(), index(id));
    }

    @GET
    @Path("/{index_id}/benchmark")
    @Operation(operationId = "getIndexBenchmark", summary = "The index and its benchmark rebased to the same start, with excess "
            + "return, tracking error, information ratio, beta and correlation")
    @APIResponse(responseCode = "200", description = "The comparison",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.INDEX_BENCHMARK)))
    @APIResponse(responseCode = "400", description = "The index has no benchmark (VALIDATION_FAILED on field benchmark)")
    @APIResponse(responseCode = "404", ref = OpenApiNames.INDEX_RESULTS_NOT_FOUND)
    public IndexBenchmark benchmark(@Parameter(ref = OpenApiNames.INDEX_ID) @PathParam("index_id") String id) {
        return acting().indexes().benchmark(user(), index(id));
    }

    @GET
    @Path("/{index_id}/risk-metrics")
    @Operation(operationId = "getIndexRiskMetrics", summary = "The statistics of the latest completed run (docs/portfolio.md)")
    @APIResponse(responseCode = "200", description = "The statistics",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.PORTFOLIO_STATS)))
    @APIResponse(responseCode = "404", ref = OpenApiNames.INDEX_RESULTS_NOT_FOUND)
    public PortfolioStats riskMetrics(@Parameter(ref = OpenApiNames.INDEX_ID) @PathParam("index_id") String id) {
        return acting().indexes().riskMetrics(user(), index(id));
    }

    private static UUID index(String id) {
        return Ids.parse(id, IndexService::notFound);
    }
}
