package dev.backtest.server.api.v1;

import dev.backtest.sdk.backtest.BacktestService;
import dev.backtest.sdk.page.Page;
import dev.backtest.sdk.page.PageRequest;
import dev.backtest.sdk.trade.RecordedTrade;
import dev.backtest.sdk.trade.TradeInput;
import dev.backtest.sdk.trade.TradeView;
import dev.backtest.server.openapi.OpenApiNames;
import jakarta.ws.rs.Consumes;
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
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Manual trades: recording one updates its backtest's cash and metrics atomically. */
@Path("/api/v1/trades")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "trades")
public class TradesResource extends UserResource {

    /** 201 with the trade and the backtest as the same transaction left it. */
    @POST
    @Operation(operationId = "recordTrade", summary = "Record a manual trade; updates its backtest in the same transaction")
    @APIResponse(responseCode = "201", description = "The trade and the updated backtest",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.RECORDED_TRADE)))
    @APIResponse(responseCode = "400", description = "Invalid or missing fields, a symbol other than the backtest's, or a body that is "
            + "not JSON (VALIDATION_FAILED)")
    @APIResponse(responseCode = "404", ref = OpenApiNames.BACKTEST_NOT_FOUND)
    @APIResponse(responseCode = "409", description = "The backtest is queued or running (BACKTEST_INVALID_STATE), or other requests "
            + "kept changing it (CONCURRENT_MODIFICATION, retryable)")
    @APIResponse(responseCode = "422", description = "Not enough cash (INSUFFICIENT_CAPITAL) or position (INSUFFICIENT_POSITION) for "
            + "the trade; required and available say how much")
    public Response record(@RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = OpenApiNames.TRADE_INPUT),
            examples = @ExampleObject(name = "buy", value = "{\"backtest_id\": \"5f0c2a8e-9a4b-4f7e-8d1c-3b6a2e9f4c21\", "
                    + "\"symbol\": \"BTC\", \"side\": \"buy\", \"quantity\": 0.1, \"price\": 42000, "
                    + "\"executed_at\": \"2024-03-01T12:00:00Z\"}"))) TradeInput input) {
        RecordedTrade r = acting().trades().record(user(), input);
        return Response.status(201).entity(r).build();
    }

    @GET
    @Path("/backtest/{backtest_id}")
    @Operation(operationId = "listTrades", summary = "Trades of a backtest, by execution time")
    @APIResponse(responseCode = "200", description = "A page of trades",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.TRADE_PAGE)))
    @APIResponse(responseCode = "400", ref = OpenApiNames.INVALID_PAGE)
    @APIResponse(responseCode = "404", ref = OpenApiNames.BACKTEST_NOT_FOUND)
    public Page<TradeView> list(@Parameter(ref = OpenApiNames.BACKTEST_ID) @PathParam("backtest_id") String id,
                                @Parameter(ref = OpenApiNames.LIMIT) @QueryParam("limit") String limit,
                                @Parameter(ref = OpenApiNames.OFFSET) @QueryParam("offset") String offset,
                                @Parameter(ref = OpenApiNames.CURSOR) @QueryParam("cursor") String cursor,
                                @Parameter(description = "-created_at: newest executed first (default); created_at or name: oldest "
                                        + "executed first", schema = @Schema(type = SchemaType.STRING,
                                        enumeration = {"-created_at", "created_at", "name"}, defaultValue = "-created_at"))
                                @QueryParam("sort") String sort) {
        PageRequest page = PageRequest.parse(limit, offset, cursor, sort);
        return acting().trades().list(user(), Ids.parse(id, BacktestService::notFound), page);
    }
}
