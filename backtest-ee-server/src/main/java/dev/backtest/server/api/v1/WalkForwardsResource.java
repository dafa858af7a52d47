package dev.backtest.server.api.v1;

import dev.backtest.sdk.backtest.BacktestService;
import dev.backtest.sdk.walkforward.WalkForwardRequest;
import dev.backtest.sdk.walkforward.WalkForwardService;
import dev.backtest.sdk.walkforward.WalkForwardView;
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
 * Walk-forward optimisations of a backtest: {@code POST} validates and queues one (202, a task of kind
 * {@code walk_forward}), {@code GET /{id}} shows its windows done and, once completed, its windows, stitched
 * out-of-sample equity and walk-forward efficiency, {@code POST /{id}/cancel} stops it after the window in progress.
 */
@Path("/api/v1/backtests/{backtest_id}/walk-forwards")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "backtests")
public class WalkForwardsResource extends UserResource {

    private static final String WALK_FORWARD_ID = "Walk-forward id (UUID); a malformed id answers 404 like a missing one";
    private static final String WALK_FORWARD_EXAMPLE = "5c1e8a2f-7b3d-4f6a-9e0c-2d4b6f8a1c3e";
    private static final String START_EXAMPLE = "{\"grid\": {\"fast\": [5, 10, 20], \"slow\": [30, 50, 100]}, "
            + "\"constraint\": \"fast < slow\", \"metric\": \"sharpe_ratio\", \"train_bars\": 120, \"test_bars\": 30, "
            + "\"mode\": \"rolling\"}";
    private static final String NOT_FOUND = "No such backtest for this user (BACKTEST_NOT_FOUND), or no such walk-forward of the "
            + "backtest (OBJECT_NOT_FOUND)";

    @POST
    @Operation(operationId = "startWalkForward", summary = "Queue a walk-forward optimisation: optimise on each training window, "
            + "test the best parameters on the next",
            description = "Windows of train_bars training bars then test_bars test bars, moved by step (default test_bars), rolling "
                    + "or anchored (docs/engine.md, Walk-forward optimisation). The sweep (grid, constraint, metric, as for "
                    + "optimizeBacktest) runs on each training window on all cores of this instance. Poll getWalkForward (Location) "
                    + "or the task view (kind walk_forward) until it finishes.")
    @APIResponse(responseCode = "202", description = "Queued; poll getWalkForward (Location) until it finishes",
            headers = @Header(name = "Location", description = "URL of the walk-forward", schema = @Schema(type = SchemaType.STRING, format = "uri")),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.WALK_FORWARD)))
    @APIResponse(responseCode = "400", description = "Invalid grid, constraint, train_bars, test_bars, step or mode, or candles too "
            + "few for one window (VALIDATION_FAILED, each field named); an unknown metric (INVALID_RUN_OPTIONS)")
    @APIResponse(responseCode = "404", ref = OpenApiNames.BACKTEST_NOT_FOUND)
    @APIResponse(responseCode = "422", description = "More than OPTIMIZE_MAX_GRID combinations (GRID_TOO_LARGE)")
    @APIResponse(responseCode = "503", description = "The database is unavailable (DATABASE_UNAVAILABLE, with Retry-After); nothing was queued")
    public Response start(@Parameter(ref = OpenApiNames.BACKTEST_ID)
                          @PathParam("backtest_id") String backtestId,
                          @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                  schema = @Schema(ref = OpenApiNames.WALK_FORWARD_REQUEST),
                                  examples = @ExampleObject(name = "sma_walk_forward", value = START_EXAMPLE))) WalkForwardRequest request) {
        WalkForwardView w = acting().walkForwards().start(user(), Ids.parse(backtestId, BacktestService::notFound), request);
        return Response.accepted(w).location(uri.getAbsolutePathBuilder().path(w.id().toString()).build()).build();
    }

    @GET
    @Path("/{walk_forward_id}")
    @Operation(operationId = "getWalkForward", summary = "A walk-forward optimisation: status, windows done and, once completed, "
            + "the windows, the stitched out-of-sample equity and the walk-forward efficiency")
    @APIResponse(responseCode = "200", description = "The walk-forward; result is null until status is completed",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.WALK_FORWARD)))
    @APIResponse(responseCode = "404", description = NOT_FOUND)
    public WalkForwardView get(@Parameter(ref = OpenApiNames.BACKTEST_ID)
                               @PathParam("backtest_id") String backtestId,
                               @Parameter(description = WALK_FORWARD_ID, example = WALK_FORWARD_EXAMPLE, schema = @Schema(type = SchemaType.STRING, format = "uuid"))
                               @PathParam("walk_forward_id") String id) {
        UUID user = user();
        UUID backtest = Ids.parse(backtestId, BacktestService::notFound);
        return acting().walkForwards().get(user, backtest, walkForwardId(user, backtest, id));
    }

    @POST
    @Path("/{walk_forward_id}/cancel")
    @Operation(operationId = "cancelWalkForward", summary = "Cancel a walk-forward: it stops after the window in progress; a "
            + "finished one is left as it is")
    @APIResponse(responseCode = "200", description = "The walk-forward after the request",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.WALK_FORWARD)))
    @APIResponse(responseCode = "404", description = NOT_FOUND)
    public WalkForwardView cancel(@Parameter(ref = OpenApiNames.BACKTEST_ID)
                                  @PathParam("backtest_id") String backtestId,
                                  @Parameter(description = WALK_FORWARD_ID, example = WALK_FORWARD_EXAMPLE, schema = @Schema(type = SchemaType.STRING, format = "uuid"))
                                  @PathParam("walk_forward_id") String id) {
        UUID user = user();
        UUID backtest = Ids.parse(backtestId, BacktestService::notFound);
        return acting().walkForwards().cancel(user, backtest, walkForwardId(user, backtest, id));
    }

    /** A malformed id is a missing one, after the backtest (another user's: not found as such). */
    private UUID walkForwardId(UUID user, UUID backtest, String raw) {
        return Ids.underBacktest(raw, () -> acting().backtests().get(user, backtest), bad -> WalkForwardService.notFound(backtest, bad));
    }
}
