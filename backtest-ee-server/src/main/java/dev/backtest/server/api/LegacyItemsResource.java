package dev.backtest.server.api;

import dev.backtest.sdk.BacktestClient;
import dev.backtest.sdk.backtest.BacktestView;
import dev.backtest.sdk.page.PageRequest;
import dev.backtest.server.auth.CurrentUser;
import dev.backtest.server.openapi.OpenApiNames;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * {@code GET /items}: the old API's list of the current user's backtests, kept for old clients.
 * Use {@code GET /api/v1/backtests} instead.
 */
@Path("/items")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "service")
public class LegacyItemsResource {

    @Inject
    BacktestClient client;

    @Context
    SecurityContext security;

    /** The old item shape. */
    public record Item(@Schema(format = "uuid") UUID id, String name,
                       @Schema(description = "symbol timeframe start_date..end_date") String description, String status,
                       @Schema(format = "date-time") OffsetDateTime createdAt) {
    }

    @GET
    @Deprecated
    @Operation(operationId = "listLegacyItems", deprecated = true, summary = "Deprecated: the current user's backtests (at most 200); use GET /api/v1/backtests")
    @APIResponse(responseCode = "200", description = "The newest backtests first",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.ITEM_LIST)))
    public List<Item> items() {
        return client.backtests().list(CurrentUser.id(security), PageRequest.first(PageRequest.MAX_LIMIT)).items().stream()
                .map(LegacyItemsResource::item).toList();
    }

    private static Item item(BacktestView b) {
        return new Item(b.id(), b.name(), b.symbol() + " " + b.timeframe() + " " + b.startDate() + ".." + b.endDate(), b.status(),
                b.createdAt());
    }
}
