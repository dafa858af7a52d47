package dev.backtest.server.api.v1;

import dev.backtest.sdk.index.SimulationRequest;
import dev.backtest.sdk.index.SimulationResultView;
import dev.backtest.server.openapi.OpenApiNames;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Simulations of an investment in one of the user's indexes or in one asset, computed at once (nothing is stored). */
@Path("/api/v1/simulations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "indexes")
public class SimulationsResource extends UserResource {

    @POST
    @Operation(operationId = "simulateInvestment", summary = "Simulate an investment in an index or an asset",
            description = "amount put at start_date (into the index from the later of its start and start_date), plus "
                    + "monthly_contribution each month if given, valued each day to today: the value path, what was put in, "
                    + "the final value, time-weighted and money-weighted (XIRR) returns. Computed now, not queued; nothing is stored.")
    @APIResponse(responseCode = "200", description = "The simulated investment",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.SIMULATION_RESULT)))
    @APIResponse(responseCode = "400", description = "Invalid or missing fields, both or neither of index_id and symbol, or a body "
            + "that is not JSON (VALIDATION_FAILED)")
    @APIResponse(responseCode = "404", description = "No such index for this user (INDEX_NOT_FOUND), no such asset (ASSET_NOT_FOUND), "
            + "or no candles for it (SYMBOL_NOT_FOUND)")
    @APIResponse(responseCode = "503", ref = OpenApiNames.STORAGE_UNAVAILABLE)
    public SimulationResultView simulate(@RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = OpenApiNames.SIMULATION_REQUEST),
            examples = @ExampleObject(name = "btc_monthly", value = "{\"amount\": 10000, \"start_date\": \"2023-06-01\", "
                    + "\"monthly_contribution\": 500, \"symbol\": \"BTC\"}"))) SimulationRequest request) {
        // no body: every required field is missing, as the SDK says
        return acting().indexes().simulate(user(), request);
    }
}
