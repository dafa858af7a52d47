package dev.backtest.server.api.v1;

import dev.backtest.sdk.backtest.BacktestService;
import dev.backtest.sdk.optimization.OptimizationService;
import dev.backtest.sdk.optimization.OptimizationView;
import dev.backtest.sdk.optimization.OptimizeRequest;
import dev.backtest.server.openapi.OpenApiNames;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
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

import java.util.UUID;

/**
 * Distributed parameter sweeps of a backtest: {@code POST} queues one (202) as chunks that every instance with
 * workers shares, {@code GET /{id}} shows its progress and, once completed, the best parameter sets (ranked
 * exactly like the synchronous {@code POST /api/v1/backtests/{id}/optimize}), {@code POST /{id}/cancel} stops it.
 */
@Path("/api/v1/backtests/{backtest_id}/optimizations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "backtests")
public class OptimizationsResource extends UserResource {

    private static final String OPTIMIZATION_ID = "Optimization id (UUID); a malformed id answers 404 like a missing one";
    private static final String OPTIMIZATION_EXAMPLE = "9d2b7c4e-1f3a-4e8b-a6d5-0c7e2f9b3a14";
    private static final String START_EXAMPLE = "{\"grid\": {\"fast\": [5, 10, 20], \"slow\": [30, 50, 100]}, "
            + "\"constraint\": \"fast < slow\", \"metric\": \"sharpe_ratio\", \"top\": 3}";
    private static final String NOT_FOUND = "No such backtest for this user (BACKTEST_NOT_FOUND), or no such optimization of the "
            + "backtest (OPTIMIZATION_NOT_FOUND)";

    @POST
    @Operation(operationId = "startOptimization", summary = "Queue a parameter sweep as chunks that every instance with workers shares",
            description = "The same request, validation and errors as optimizeBacktest; the combinations that the constraint allows "
                    + "and the strategy accepts are cut into about 16 chunks, each a queue item that one instance runs on all its "
                    + "cores. Poll getOptimization (Location) until status is completed, failed or cancelled; the result is then "
                    + "exactly what optimizeBacktest answers.")
    @APIResponse(responseCode = "202", description = "Queued; poll getOptimization (Location) until it finishes",
            headers = @Header(name = "Location", description = "URL of the optimization", schema = @Schema(type = SchemaType.STRING, format = "uri")),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.OPTIMIZATION)))
    @APIResponse(responseCode = "400", description = "The backtest has no strategy, or an invalid grid, constraint or top (VALIDATION_FAILED); "
            + "an unknown metric (INVALID_RUN_OPTIONS)")
    @APIResponse(responseCode = "404", ref = OpenApiNames.BACKTEST_NOT_FOUND)
    @APIResponse(responseCode = "422", description = "More than OPTIMIZE_MAX_GRID (default " + OptimizationService.DEFAULT_MAX_GRID_SIZE + ") combinations (GRID_TOO_LARGE, with grid_size "
            + "and limit)")
    @APIResponse(responseCode = "503", description = "The database is unavailable (DATABASE_UNAVAILABLE, with Retry-After); nothing was queued")
    public Response start(@Parameter(ref = OpenApiNames.BACKTEST_ID)
                          @PathParam("backtest_id") String backtestId,
                          @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                  schema = @Schema(ref = OpenApiNames.OPTIMIZE_REQUEST),
                                  examples = @ExampleObject(name = "sma_grid", value = START_EXAMPLE))) OptimizeRequest request) {
        OptimizationView o = acting().optimizations().start(user(), Ids.parse(backtestId, BacktestService::notFound),
                request);
        return Response.accepted(o).location(uri.getAbsolutePathBuilder().path(o.id().toString()).build()).build();
    }

    @GET
    @Path("/{optimization_id}")
    @Operation(operationId = "getOptimization", summary = "A parameter sweep: status, progress and, once completed, the best parameter sets")
    @APIResponse(responseCode = "200", description = "The optimization; result is null until status is completed",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.OPTIMIZATION)))
    @APIResponse(responseCode = "404", description = NOT_FOUND)
    public OptimizationView get(@Parameter(ref = OpenApiNames.BACKTEST_ID)
                                @PathParam("backtest_id") String backtestId,
                                @Parameter(description = OPTIMIZATION_ID, example = OPTIMIZATION_EXAMPLE, schema = @Schema(type = SchemaType.STRING, format = "uuid"))
                                @PathParam("optimization_id") String id) {
        UUID user = user();
        UUID backtest = Ids.parse(backtestId, BacktestService::notFound);
        return acting().optimizations().get(user, backtest, optimizationId(user, backtest, id));
    }

    @POST
    @Path("/{optimization_id}/cancel")
    @Operation(operationId = "cancelOptimization", summary = "Cancel a parameter sweep: chunks not started are skipped; a finished sweep is "
            + "left as it is")
    @APIResponse(responseCode = "200", description = "The optimization after the request",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.OPTIMIZATION)))
    @APIResponse(responseCode = "404", description = NOT_FOUND)
    public OptimizationView cancel(@Parameter(ref = OpenApiNames.BACKTEST_ID)
                                   @PathParam("backtest_id") String backtestId,
                                   @Parameter(description = OPTIMIZATION_ID, example = OPTIMIZATION_EXAMPLE, schema = @Schema(type = SchemaType.STRING, format = "uuid"))
                                   @PathParam("optimization_id") String id) {
        UUID user = user();
        UUID backtest = Ids.parse(backtestId, BacktestService::notFound);
        return acting().optimizations().cancel(user, backtest, optimizationId(user, backtest, id));
    }

    /** A malformed id is a missing one, after the backtest (another user's: not found as such). */
    private UUID optimizationId(UUID user, UUID backtest, String raw) {
        return Ids.underBacktest(raw, () -> acting().backtests().get(user, backtest), bad -> dev.backtest.sdk.optimization.OptimizationService.notFound(backtest, bad));
    }
}
