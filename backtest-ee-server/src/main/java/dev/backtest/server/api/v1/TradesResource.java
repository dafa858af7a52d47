package dev.backtest.server.api.v1;

import dev.backtest.server.openapi.OpenApiNames;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.Operation;
import dev.backtest.sdk.BacktestClient;
import dev.backtest.sdk.Page;
import dev.backtest.sdk.PageRequest;
import dev.backtest.sdk.backtest.BacktestService;
import dev.backtest.sdk.trade.RecordedTrade;
import dev.backtest.sdk.trade.TradeInput;
import dev.backtest.sdk.trade.TradeView;
import dev.backtest.server.auth.CurrentUser;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

/** Manual trades: recording one updates its backtest's cash and metrics atomically. */
@Path("/api/v1/trades")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "trades")
public class TradesResource {

    @Inject
    BacktestClient client;

    @Context
    SecurityContext security;

    /** 201 with the trade and the backtest as the same transaction left it. */
    @POST
    @Operation(operationId = "recordTrade", summary = "Record a manual trade; updates its backtest in the same transaction")
    @APIResponse(responseCode = "201", description = "The trade and the updated backtest",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.OBJECT)))
    @APIResponse(responseCode = "404", description = "No such backtest for this user", content = @Content(mediaType = OpenApiNames.MEDIA_TYPE, schema = @Schema(ref = OpenApiNames.SCHEMA)))
    @APIResponse(responseCode = "409", description = "The backtest changed concurrently or is not in a state that accepts trades", content = @Content(mediaType = OpenApiNames.MEDIA_TYPE, schema = @Schema(ref = OpenApiNames.SCHEMA)))
    @APIResponse(responseCode = "422", description = "Not enough cash or position for the trade", content = @Content(mediaType = OpenApiNames.MEDIA_TYPE, schema = @Schema(ref = OpenApiNames.SCHEMA)))
    @APIResponse(responseCode = "400", description = "Invalid fields", content = @Content(mediaType = OpenApiNames.MEDIA_TYPE, schema = @Schema(ref = OpenApiNames.SCHEMA)))
    public Response record(@RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = TradeInput.class))) TradeInput input) {
        RecordedTrade r = client.trades().record(CurrentUser.id(security), input);
        return Response.status(201).entity(r).build();
    }

    @GET
    @Path("/backtest/{backtest_id}")
    @Operation(operationId = "listTrades", summary = "Trades of a backtest")
    @APIResponse(responseCode = "200", description = "A page of trades", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Page")))
    @APIResponse(responseCode = "404", description = "No such backtest for this user", content = @Content(mediaType = OpenApiNames.MEDIA_TYPE, schema = @Schema(ref = OpenApiNames.SCHEMA)))
    @APIResponse(responseCode = "400", description = "Invalid paging or sort", content = @Content(mediaType = OpenApiNames.MEDIA_TYPE, schema = @Schema(ref = OpenApiNames.SCHEMA)))
    public Page<TradeView> list(@Parameter(description = "Backtest id (UUID)") @PathParam("backtest_id") String id,
                                @Parameter(description = "Page size, 1 to 100 (default 20)") @QueryParam("limit") String limit,
                                @Parameter(description = "Rows to skip (offset paging)") @QueryParam("offset") String offset,
                                @Parameter(description = "next_cursor of the previous page (keyset paging)") @QueryParam("cursor") String cursor,
                                @Parameter(description = "Sort, e.g. created_at:desc") @QueryParam("sort") String sort) {
        PageRequest page = PageRequest.parse(limit, offset, cursor, sort);
        return client.trades().list(CurrentUser.id(security), Ids.parse(id, BacktestService::notFound), page);
    }
}
