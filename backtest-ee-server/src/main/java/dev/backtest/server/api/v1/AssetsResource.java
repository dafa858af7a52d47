package dev.backtest.server.api.v1;

import dev.backtest.error.FieldErrors;
import dev.backtest.sdk.asset.AssetInput;
import dev.backtest.sdk.asset.AssetView;
import dev.backtest.sdk.asset.MarketCap;
import dev.backtest.sdk.asset.MarketCapImport;
import dev.backtest.sdk.marketdata.Symbols;
import dev.backtest.sdk.page.Page;
import dev.backtest.sdk.page.PageRequest;
import dev.backtest.server.marketdata.UploadedFile;
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
import jakarta.ws.rs.core.HttpHeaders;
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

import java.io.InputStream;
import java.time.LocalDate;
import java.util.List;

/**
 * The assets an index may hold and their market caps: everyone reads; the writes (create, update, delete, import) are
 * for administrators and the admin token, refused here with 403 {@code FORBIDDEN} and recorded in the audit trail
 * ({@link UserResource#requireAdmin}); the SDK, acting as the caller, audits the writes that happen.
 */
@Path("/api/v1/assets")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "assets")
public class AssetsResource extends UserResource {

    private static final String FOR_ADMINS = "assets are written by administrators (the admin role or the admin token); "
            + "everyone may read them";

    @GET
    @Operation(operationId = "listAssets", summary = "The assets, by symbol")
    @APIResponse(responseCode = "200", description = "A page of assets",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.ASSET_PAGE)))
    @APIResponse(responseCode = "400", ref = OpenApiNames.INVALID_PAGE)
    public Page<AssetView> list(@Parameter(ref = OpenApiNames.LIMIT) @QueryParam("limit") String limit,
                                @Parameter(ref = OpenApiNames.OFFSET) @QueryParam("offset") String offset,
                                @Parameter(ref = OpenApiNames.CURSOR) @QueryParam("cursor") String cursor) {
        return acting().assets().list(PageRequest.parse(limit, offset, cursor, null));
    }

    @GET
    @Path("/{symbol}")
    @Operation(operationId = "getAsset", summary = "One asset")
    @APIResponse(responseCode = "200", description = "The asset",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.ASSET)))
    @APIResponse(responseCode = "400", description = "A malformed symbol (INVALID_SYMBOL)")
    @APIResponse(responseCode = "404", ref = OpenApiNames.ASSET_NOT_FOUND)
    public AssetView get(@Parameter(ref = OpenApiNames.ASSET_SYMBOL) @PathParam("symbol") String symbol) {
        return acting().assets().get(Symbols.require(symbol));
    }

    @POST
    @Operation(operationId = "createAsset", summary = "Add an asset (administrators)")
    @APIResponse(responseCode = "201", description = "Created; Location names the new asset",
            headers = @Header(name = "Location", description = "URL of the new asset", schema = @Schema(type = SchemaType.STRING, format = "uri")),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.ASSET)))
    @APIResponse(responseCode = "400", description = "Invalid or missing fields, or a body that is not JSON (VALIDATION_FAILED)")
    @APIResponse(responseCode = "403", ref = OpenApiNames.FORBIDDEN)
    @APIResponse(responseCode = "409", description = "The symbol is already listed (DUPLICATE_NAME)")
    public Response create(@RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = OpenApiNames.ASSET_INPUT),
            examples = @ExampleObject(name = "spy", value = "{\"symbol\": \"SPY\", \"name\": \"SPDR S&P 500 ETF\", \"asset_class\": \"index\", "
                    + "\"currency\": \"USD\", \"exchange\": \"NYSE\"}"))) AssetInput input) {
        requireAdmin("POST /api/v1/assets", FOR_ADMINS);
        AssetView a = acting().assets().create(input);
        return Response.created(uri.getAbsolutePathBuilder().path(a.symbol()).build()).entity(a).build();
    }

    @PUT
    @Path("/{symbol}")
    @Operation(operationId = "updateAsset", summary = "Change an asset (administrators); null or missing fields keep their value")
    @APIResponse(responseCode = "200", description = "The asset as changed",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.ASSET)))
    @APIResponse(responseCode = "400", description = "Invalid fields, a symbol other than the path's, or a body that is not JSON "
            + "(VALIDATION_FAILED); a malformed symbol (INVALID_SYMBOL)")
    @APIResponse(responseCode = "403", ref = OpenApiNames.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = OpenApiNames.ASSET_NOT_FOUND)
    public AssetView update(@Parameter(ref = OpenApiNames.ASSET_SYMBOL) @PathParam("symbol") String symbol,
                            @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                    schema = @Schema(ref = OpenApiNames.ASSET_INPUT),
                                    examples = @ExampleObject(name = "retire", value = "{\"active\": false}"))) AssetInput input) {
        requireAdmin("PUT /api/v1/assets/" + symbol, FOR_ADMINS);
        return acting().assets().update(Symbols.require(symbol), input);
    }

    @DELETE
    @Path("/{symbol}")
    @Operation(operationId = "deleteAsset", summary = "Remove an asset and its market caps (administrators)",
            description = "Indexes that hold it keep their definition; their next run is refused.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "400", description = "A malformed symbol (INVALID_SYMBOL)")
    @APIResponse(responseCode = "403", ref = OpenApiNames.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = OpenApiNames.ASSET_NOT_FOUND)
    public Response delete(@Parameter(ref = OpenApiNames.ASSET_SYMBOL) @PathParam("symbol") String symbol) {
        requireAdmin("DELETE /api/v1/assets/" + symbol, FOR_ADMINS);
        acting().assets().delete(Symbols.require(symbol));
        return Response.noContent().build();
    }

    @GET
    @Path("/{symbol}/market-caps")
    @Operation(operationId = "listMarketCaps", summary = "An asset's market caps between two days (both included), oldest first")
    @APIResponse(responseCode = "200", description = "The market caps",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.MARKET_CAP_LIST)))
    @APIResponse(responseCode = "400", description = "A malformed date or an end before the start (VALIDATION_FAILED); a malformed "
            + "symbol (INVALID_SYMBOL)")
    @APIResponse(responseCode = "404", ref = OpenApiNames.ASSET_NOT_FOUND)
    public List<MarketCap> marketCaps(@Parameter(ref = OpenApiNames.ASSET_SYMBOL) @PathParam("symbol") String symbol,
                                      @Parameter(description = "First day (YYYY-MM-DD); open when absent",
                                              schema = @Schema(type = SchemaType.STRING, format = "date")) @QueryParam("start_date") String start,
                                      @Parameter(description = "Last day (YYYY-MM-DD); open when absent",
                                              schema = @Schema(type = SchemaType.STRING, format = "date")) @QueryParam("end_date") String end) {
        String s = Symbols.require(symbol);
        FieldErrors errors = new FieldErrors();
        LocalDate from = errors.collect(() -> QueryParams.date("start_date", start));
        LocalDate to = errors.collect(() -> QueryParams.date("end_date", end));
        errors.throwIfAny();
        return acting().assets().marketCaps(s, from, to);
    }

    @POST
    @Path("/{symbol}/market-caps/import")
    @Consumes({UploadedFile.CSV, UploadedFile.PARQUET, MediaType.APPLICATION_OCTET_STREAM})
    @Operation(operationId = "importMarketCaps", summary = "Import a CSV or Parquet file of an asset's daily market caps (administrators)",
            description = "The request body is the file: text/csv or Parquet (application/vnd.apache.parquet or "
                    + "application/octet-stream), columns time (or date, timestamp, datetime: an ISO date or date-time, or unix "
                    + "seconds or milliseconds) and market_cap (finite, > 0), rows in increasing time. One value per UTC day is "
                    + "stored (a day stored before is replaced), all or nothing. At most HTTP_MAX_UPLOAD_BYTES (default 256 MiB).")
    @APIResponse(responseCode = "200", description = "What the import wrote",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.MARKET_CAP_IMPORT)))
    @APIResponse(responseCode = "400", description = "A malformed symbol (INVALID_SYMBOL), an empty file or rows at fault "
            + "(VALIDATION_FAILED); nothing is written then")
    @APIResponse(responseCode = "403", ref = OpenApiNames.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = OpenApiNames.ASSET_NOT_FOUND)
    @APIResponse(responseCode = "413", description = "A file larger than HTTP_MAX_UPLOAD_BYTES (PAYLOAD_TOO_LARGE)")
    public MarketCapImport importMarketCaps(@Parameter(ref = OpenApiNames.ASSET_SYMBOL) @PathParam("symbol") String symbol,
                                            @Context HttpHeaders headers,
                                            @RequestBody(required = true, content = {
                                                    @Content(mediaType = UploadedFile.CSV, schema = @Schema(type = SchemaType.STRING)),
                                                    @Content(mediaType = UploadedFile.PARQUET, schema = @Schema(type = SchemaType.STRING, format = "binary"))})
                                            InputStream body) {
        requireAdmin("POST /api/v1/assets/" + symbol + "/market-caps/import", FOR_ADMINS);
        String s = Symbols.require(symbol);
        try (UploadedFile file = UploadedFile.save(body, headers.getMediaType(), client.config().dataDir().resolve("uploads"), request)) {
            return acting().assets().importMarketCaps(s, file.path());
        }
    }
}
