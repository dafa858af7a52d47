package dev.backtest.server.api.v1;

import dev.backtest.sdk.ml.ModelInfo;
import dev.backtest.sdk.ml.ModelKind;
import dev.backtest.sdk.ml.ModelService;
import dev.backtest.sdk.ml.ModelSpec;
import dev.backtest.sdk.ml.TrainRequest;
import dev.backtest.sdk.page.Page;
import dev.backtest.sdk.page.PageRequest;
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

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Trained ML models of the current user: {@code /api/v1/models...}. Thin: parse, call {@code client.models()}, answer
 * the SDK's {@link ModelInfo}. Owned like strategies: another user's model answers 404 like a missing one.
 */
@Path("/api/v1/models")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "models")
public class ModelsResource extends UserResource {

    private static final String TRAIN_EXAMPLE = "{\"name\": \"ar5\", \"symbol\": \"BTC\", \"timeframe\": \"1h\", \"start_date\": \"2023-01-01\", "
            + "\"end_date\": \"2023-12-31\", \"kind\": \"autoregressive\", \"lags\": 5, \"features\": [\"returns\", \"range\"]}";

    /** The request body: a window or a backtest, and the model's spec with the SDK's defaults for what is left out. */
    public record TrainBody(String name, String symbol, String timeframe, LocalDate startDate, LocalDate endDate, UUID backtestId,
                            Integer steps, String kind, Integer lags, List<String> features, Integer horizon, Integer maxDepth,
                            Integer epochs) {

        TrainRequest request() {
            ModelSpec defaults = ModelSpec.of(ModelKind.parse(kind));
            ModelSpec spec = new ModelSpec(defaults.kind(), lags == null ? defaults.lags() : lags, features,
                    horizon == null ? defaults.horizon() : horizon, maxDepth == null ? defaults.maxDepth() : maxDepth,
                    epochs == null ? defaults.epochs() : epochs);
            return new TrainRequest(name, symbol, timeframe, startDate, endDate, backtestId, steps, spec);
        }
    }

    @POST
    @Operation(operationId = "trainModel", summary = "Train an ML model and store it",
            description = "On a window (symbol, timeframe, start_date, end_date) or for a backtest (backtest_id and steps, default "
                    + "300: the bars that end before the backtest's first bar). Trains in the request (a year of hourly bars: "
                    + "tens of milliseconds to a few seconds by kind) and answers the model's metadata: its training window, counting the features' "
                    + "lookback and the target's horizon, a fingerprint of those bars and metrics on a held-out tail.")
    @APIResponse(responseCode = "201", description = "Trained and stored; Location names the new model",
            headers = @Header(name = "Location", description = "URL of the new model", schema = @Schema(type = SchemaType.STRING, format = "uri")),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.MODEL)))
    @APIResponse(responseCode = "400", description = "Invalid or missing fields: kind, lags, features, horizon, max_depth, epochs, "
            + "both a window and a backtest, symbol, timeframe, dates, steps, or a window giving too few samples (VALIDATION_FAILED, "
            + "DATE_RANGE)")
    @APIResponse(responseCode = "404", description = "No such backtest for this user (BACKTEST_NOT_FOUND); no data for the symbol "
            + "(SYMBOL_NOT_FOUND)")
    public Response train(@RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = OpenApiNames.TRAIN_REQUEST),
            examples = @ExampleObject(name = "ar5_2023", value = TRAIN_EXAMPLE))) TrainBody body) {
        if (body == null) {
            throw dev.backtest.error.FieldErrors.single("kind", "a request body is required");
        }
        ModelInfo m = acting().models().train(user(), body.request());
        return Response.created(uri.getAbsolutePathBuilder().path(m.id().toString()).build()).entity(m).build();
    }

    @GET
    @Operation(operationId = "listModels", summary = "The current user's models, oldest first")
    @APIResponse(responseCode = "200", description = "A page of models",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.MODEL_PAGE)))
    @APIResponse(responseCode = "400", ref = OpenApiNames.INVALID_PAGE)
    public Page<ModelInfo> list(@Parameter(ref = OpenApiNames.LIMIT) @QueryParam("limit") String limit,
                                @Parameter(ref = OpenApiNames.OFFSET) @QueryParam("offset") String offset,
                                @Parameter(ref = OpenApiNames.CURSOR) @QueryParam("cursor") String cursor,
                                @Parameter(ref = OpenApiNames.SORT) @QueryParam("sort") String sort) {
        return acting().models().list(user(), PageRequest.parse(limit, offset, cursor, sort));
    }

    @GET
    @Path("/{model_id}")
    @Operation(operationId = "getModel", summary = "One model's metadata")
    @APIResponse(responseCode = "200", description = "The model",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.MODEL)))
    @APIResponse(responseCode = "404", ref = OpenApiNames.MODEL_NOT_FOUND)
    public ModelInfo get(@Parameter(ref = OpenApiNames.MODEL_ID) @PathParam("model_id") String id) {
        return acting().models().get(user(), Ids.parse(id, ModelService::notFound));
    }

    @DELETE
    @Path("/{model_id}")
    @Operation(operationId = "deleteModel", summary = "Delete a model (strategies naming it then fail to run with MODEL_NOT_FOUND)")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", ref = OpenApiNames.MODEL_NOT_FOUND)
    public Response delete(@Parameter(ref = OpenApiNames.MODEL_ID) @PathParam("model_id") String id) {
        acting().models().delete(user(), Ids.parse(id, ModelService::notFound));
        return Response.noContent().build();
    }
}
