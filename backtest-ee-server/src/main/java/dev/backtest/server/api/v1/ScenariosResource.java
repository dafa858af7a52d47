package dev.backtest.server.api.v1;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.scenario.ScenarioTask;
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
 * Scenarios (the files {@code backtest-cli scenario run} reads, with stored symbols only) run as tasks of kind
 * {@code scenario}: {@code POST} checks one and starts it (202), {@code GET /{id}} shows its task and the outputs it wrote,
 * {@code GET /{id}/outputs/{name}} gives one output (stats.json, trades.csv, equity.csv, ...).
 */
@Path("/api/v1/scenarios")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "scenarios")
public class ScenariosResource extends UserResource {

    private static final String SCENARIO_ID = "Scenario id (UUID, its task's id); a malformed id answers 404 like a missing one";
    private static final String SCENARIO_EXAMPLE = "6d2f9b3a-1c4e-4a7b-8f0d-3e5a7c9b1d2f";
    private static final String EXAMPLE = "{\"name\": \"sma\", \"data\": {\"source\": \"store\", \"symbols\": [\"BTC\"], "
            + "\"timeframe\": \"1d\", \"start\": \"2023-01-01\", \"end\": \"2023-12-31\"}, "
            + "\"strategy\": {\"key\": \"sma_cross\", \"params\": {\"fast\": 10, \"slow\": 30}}, \"options\": {\"cash\": 100000}}";
    private static final String NOT_FOUND = "No such scenario for this user (TASK_NOT_FOUND)";

    @POST
    @Operation(operationId = "startScenario", summary = "Check a scenario and run it in the background",
            description = "The scenario document of backtest-sdk/src/main/resources/dev/backtest/sdk/scenario/scenario.schema.json "
                    + "(README, Scenarios) with data.source store: stored symbols only. Every problem is answered at once as a "
                    + "field error named by its JSON path ($.strategy.params.fast, $.data.symbols[0], ...). Poll getScenario "
                    + "(Location) or the task view (kind scenario) until it finishes.")
    @APIResponse(responseCode = "202", description = "Started; poll getScenario (Location) until its task finishes",
            headers = @Header(name = "Location", description = "URL of the scenario", schema = @Schema(type = SchemaType.STRING, format = "uri")),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.SCENARIO_TASK)))
    @APIResponse(responseCode = "400", description = "An invalid scenario (VALIDATION_FAILED, each field a JSON path; csv data at "
            + "$.data.source; a symbol the store does not hold at $.data.symbols[i])")
    @APIResponse(responseCode = "503", description = "The database or the store is unavailable (with Retry-After); nothing was started")
    public Response start(@RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = OpenApiNames.SCENARIO), examples = @ExampleObject(name = "sma_cross", value = EXAMPLE))) JsonNode scenario) {
        ScenarioTask t = client.scenarios().submit(user(), scenario == null ? null : scenario.toString());
        return Response.accepted(t).location(uri.getAbsolutePathBuilder().path(t.id().toString()).build()).build();
    }

    @GET
    @Path("/{scenario_id}")
    @Operation(operationId = "getScenario", summary = "A scenario: its task (status, progress, error) and, once completed, the "
            + "outputs it wrote")
    @APIResponse(responseCode = "200", description = "The scenario",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.SCENARIO_TASK)))
    @APIResponse(responseCode = "404", description = NOT_FOUND)
    public ScenarioTask get(@Parameter(description = SCENARIO_ID, example = SCENARIO_EXAMPLE, schema = @Schema(type = SchemaType.STRING, format = "uuid"))
                            @PathParam("scenario_id") String id) {
        UUID user = user();
        return client.scenarios().get(user, scenarioId(id));
    }

    @GET
    @Path("/{scenario_id}/outputs/{name}")
    @Produces({MediaType.APPLICATION_JSON, "text/csv", MediaType.TEXT_HTML})
    @Operation(operationId = "getScenarioOutput", summary = "One output of a completed scenario, as a file",
            description = "stats.json, trades.csv, equity.csv, walk_forward.json, sweep.json, sweep.csv or report.html; the CSV "
                    + "columns are those of the exports (README, Exports)")
    @APIResponse(responseCode = "200", description = "The file (Content-Disposition: attachment)", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)),
            @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING)),
            @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING))})
    @APIResponse(responseCode = "400", description = "A name that is not an output (VALIDATION_FAILED, field name)")
    @APIResponse(responseCode = "404", description = NOT_FOUND + ", or an output the scenario has not written (OBJECT_NOT_FOUND)")
    public Response output(@Parameter(description = SCENARIO_ID, example = SCENARIO_EXAMPLE, schema = @Schema(type = SchemaType.STRING, format = "uuid"))
                           @PathParam("scenario_id") String id,
                           @Parameter(description = "The output's file name", example = "trades.csv",
                                   schema = @Schema(enumeration = {"stats.json", "trades.csv", "equity.csv", "walk_forward.json",
                                           "sweep.json", "sweep.csv", "report.html"}))
                           @PathParam("name") String name) {
        UUID scenario = scenarioId(id);
        String body = client.scenarios().output(user(), scenario, name).orElseThrow(() -> BacktestException.of(ErrorCode.OBJECT_NOT_FOUND,
                "scenario " + scenario + " has no " + name + " (yet): see outputs in GET /api/v1/scenarios/" + scenario));
        String type = name.endsWith(".csv") ? "text/csv; charset=UTF-8" : name.endsWith(".html") ? "text/html; charset=UTF-8"
                : MediaType.APPLICATION_JSON;
        return Response.ok(body, type).header("Content-Disposition", "attachment; filename=\"scenario-" + scenario + "-" + name + "\"").build();
    }

    private static UUID scenarioId(String raw) {
        return Ids.parse(raw, bad -> BacktestException.of(ErrorCode.TASK_NOT_FOUND, "no scenario " + bad).with("task_id", String.valueOf(bad)));
    }
}
