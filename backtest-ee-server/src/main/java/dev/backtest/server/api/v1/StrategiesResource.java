package dev.backtest.server.api.v1;

import dev.backtest.sdk.page.Page;
import dev.backtest.sdk.page.PageRequest;
import dev.backtest.sdk.strategy.StrategyInput;
import dev.backtest.sdk.strategy.StrategyService;
import dev.backtest.sdk.strategy.StrategyView;
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

/** Strategies of the current user (and, read-only, other users' public ones). */
@Path("/api/v1/strategies")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "strategies")
public class StrategiesResource extends UserResource {

    @POST
    @Operation(operationId = "createStrategy", summary = "Create a strategy")
    @APIResponse(responseCode = "201", description = "Created; Location names the new strategy",
            headers = @Header(name = "Location", description = "URL of the new strategy", schema = @Schema(type = SchemaType.STRING, format = "uri")),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.STRATEGY)))
    @APIResponse(responseCode = "400", description = "Invalid or missing fields, or a body that is not JSON (VALIDATION_FAILED)")
    @APIResponse(responseCode = "409", description = "The user already has a strategy of that name (DUPLICATE_NAME)")
    public Response create(@RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = OpenApiNames.STRATEGY_INPUT),
            examples = @ExampleObject(name = "sma_cross", value = "{\"name\": \"Fast cross\", \"description\": \"10/30 SMA\", "
                    + "\"type\": \"sma_cross\", \"parameters\": {\"fast\": 10, \"slow\": 30}, \"is_public\": false}"))) StrategyInput input) {
        StrategyView s = acting().strategies().create(user(), input);
        return Response.created(uri.getAbsolutePathBuilder().path(s.id().toString()).build()).entity(s).build();
    }

    @GET
    @Operation(operationId = "listStrategies", summary = "List the current user's strategies")
    @APIResponse(responseCode = "200", description = "A page of strategies",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.STRATEGY_PAGE)))
    @APIResponse(responseCode = "400", description = "Invalid limit, offset, cursor, sort or include_public (VALIDATION_FAILED)")
    public Page<StrategyView> list(@Parameter(ref = OpenApiNames.LIMIT) @QueryParam("limit") String limit,
                                   @Parameter(ref = OpenApiNames.OFFSET) @QueryParam("offset") String offset,
                                   @Parameter(ref = OpenApiNames.CURSOR) @QueryParam("cursor") String cursor,
                                   @Parameter(ref = OpenApiNames.SORT)
                                   @QueryParam("sort") String sort,
                                   @Parameter(description = "Also list other users' public strategies (read-only, owned: false)",
                                           schema = @Schema(type = SchemaType.BOOLEAN, defaultValue = "false"))
                                   @QueryParam("include_public") String includePublic) {
        PageRequest page = PageRequest.parse(limit, offset, cursor, sort);
        return acting().strategies().list(user(), page, Ids.flag("include_public", includePublic));
    }

    @GET
    @Path("/{strategy_id}")
    @Operation(operationId = "getStrategy", summary = "Get a strategy the user owns, or another user's public one")
    @APIResponse(responseCode = "200", description = "The strategy", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.STRATEGY)))
    @APIResponse(responseCode = "404", description = "No such strategy readable by this user (STRATEGY_NOT_FOUND)")
    public StrategyView get(@Parameter(ref = OpenApiNames.STRATEGY_ID) @PathParam("strategy_id") String id) {
        return acting().strategies().get(user(), Ids.parse(id, StrategyService::notFound));
    }

    @PUT
    @Path("/{strategy_id}")
    @Operation(operationId = "updateStrategy", summary = "Update a strategy the user owns; null or missing fields keep their value")
    @APIResponse(responseCode = "200", description = "The updated strategy", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.STRATEGY)))
    @APIResponse(responseCode = "404", description = "No such strategy owned by this user (STRATEGY_NOT_FOUND)")
    @APIResponse(responseCode = "400", description = "Invalid fields or a body that is not JSON (VALIDATION_FAILED)")
    @APIResponse(responseCode = "409", description = "The user already has another strategy of that name (DUPLICATE_NAME)")
    public StrategyView update(@Parameter(ref = OpenApiNames.STRATEGY_ID) @PathParam("strategy_id") String id,
                               @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                       schema = @Schema(ref = OpenApiNames.STRATEGY_INPUT),
                                       examples = @ExampleObject(name = "slower", value = "{\"description\": \"20/50 SMA\", "
                                               + "\"parameters\": {\"fast\": 20, \"slow\": 50}}"))) StrategyInput input) {
        return acting().strategies().update(user(), Ids.parse(id, StrategyService::notFound), input);
    }

    @DELETE
    @Path("/{strategy_id}")
    @Operation(operationId = "deleteStrategy", summary = "Delete a strategy the user owns (soft: it vanishes from lists and gets, its name is free again)")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such strategy owned by this user (STRATEGY_NOT_FOUND)")
    public Response delete(@Parameter(ref = OpenApiNames.STRATEGY_ID) @PathParam("strategy_id") String id) {
        acting().strategies().delete(user(), Ids.parse(id, StrategyService::notFound));
        return Response.noContent().build();
    }
}
