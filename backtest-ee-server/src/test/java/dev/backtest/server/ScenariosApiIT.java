package dev.backtest.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backtest.server.testing.Api;
import dev.backtest.server.testing.Http;
import dev.backtest.server.testing.SecuredServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenarios through the real server with real tokens: one started (202) runs as a task of kind scenario and its outputs
 * are served as files; bad scenarios are refused with each JSON path named and start nothing; another user's scenario
 * answers 404 like a missing one.
 */
@ExtendWith(SecuredServer.class)
class ScenariosApiIT {

    private static final String GRID = "{\"name\":\"sma grid\",\"data\":{\"source\":\"store\",\"symbols\":[\"BTC\"],\"timeframe\":\"1d\","
            + "\"start\":\"2023-01-01\",\"end\":\"2023-12-31\"},\"strategy\":{\"key\":\"sma_cross\"},"
            + "\"options\":{\"cash\":100000,\"fractional_units\":true,\"finalize_trades\":true},"
            + "\"grid\":{\"params\":{\"fast\":[5,10],\"slow\":[30,50]},\"constraint\":\"fast < slow\",\"metric\":\"return_pct\"}}";

    private Api alice;
    private Api bob;

    @BeforeEach
    void users(SecuredServer.Handle handle) {
        alice = Api.newUser(handle);
        bob = Api.newUser(handle);
    }

    @Test
    void aScenarioRunsAsATaskAndItsOutputsAreServedToItsOwnerOnly() throws Exception {
        Http.Reply started = alice.post("/api/v1/scenarios", GRID);
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String id = started.json().path("task").path("id").asText();
        assertThat(started.header("Location")).endsWith("/api/v1/scenarios/" + id);
        assertThat(started.json().path("task").path("kind").asText()).isEqualTo("scenario");

        JsonNode done = null;
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            done = alice.get("/api/v1/scenarios/" + id).json();
            if (!done.path("task").path("finished_at").isNull()) {
                break;
            }
            Thread.sleep(200);
        }
        assertThat(done.path("task").path("status").asText()).as(done.toString()).isEqualTo("completed");
        assertThat(done.path("outputs").toString())
                .isEqualTo("[\"stats.json\",\"trades.csv\",\"equity.csv\",\"sweep.json\",\"sweep.csv\",\"report.html\"]");
        assertThat(alice.get("/api/v1/tasks?kind=scenario").json().path("items").findValuesAsText("id")).contains(id);

        Http.Reply stats = alice.get("/api/v1/scenarios/" + id + "/outputs/stats.json");
        assertThat(stats.status()).isEqualTo(200);
        assertThat(stats.json().path("return_pct").isNumber()).isTrue();
        Http.Reply trades = alice.get("/api/v1/scenarios/" + id + "/outputs/trades.csv");
        assertThat(trades.status()).isEqualTo(200);
        assertThat(trades.header("Content-Type")).startsWith("text/csv");
        assertThat(trades.header("Content-Disposition")).contains("scenario-" + id + "-trades.csv");
        assertThat(trades.body()).startsWith("seq,entry_time,exit_time,side,size");
        Http.Reply sweep = alice.get("/api/v1/scenarios/" + id + "/outputs/sweep.json");
        assertThat(sweep.json().path("best").size()).as("the four combinations with fast < slow").isEqualTo(4);
        alice.get("/api/v1/scenarios/" + id + "/outputs/walk_forward.json").assertProblem(404, "OBJECT_NOT_FOUND");
        alice.get("/api/v1/scenarios/" + id + "/outputs/..%2F..%2Fsecret").assertProblem(400, "VALIDATION_FAILED");

        bob.get("/api/v1/scenarios/" + id).assertProblem(404, "TASK_NOT_FOUND");
        bob.get("/api/v1/scenarios/" + id + "/outputs/stats.json").assertProblem(404, "TASK_NOT_FOUND");
        alice.get("/api/v1/scenarios/not-a-uuid").assertProblem(404, "TASK_NOT_FOUND");
        alice.get("/api/v1/scenarios/" + UUID.randomUUID()).assertProblem(404, "TASK_NOT_FOUND");
    }

    @Test
    void badScenariosAreRefusedByJsonPathAndStartNothing() {
        JsonNode csv = alice.post("/api/v1/scenarios", "{\"data\":{\"source\":\"csv\",\"files\":{\"X\":\"/etc/passwd\"}},"
                + "\"strategy\":{\"key\":\"sma_cross\"}}").assertProblem(400, "VALIDATION_FAILED");
        assertThat(Http.fields(csv)).containsExactly("$.data.source");
        JsonNode unknown = alice.post("/api/v1/scenarios", GRID.replace("[\"BTC\"]", "[\"NOPE\"]")).assertProblem(400, "VALIDATION_FAILED");
        assertThat(Http.fields(unknown)).containsExactly("$.data.symbols[0]");
        JsonNode many = alice.post("/api/v1/scenarios", GRID.replace("\"cash\":100000", "\"cash\":100000,\"colour\":\"red\"")
                .replace("{\"key\":\"sma_cross\"}", "{\"key\":\"sma_cross\",\"params\":{\"direction\":7}}")
                .replace("\"metric\":\"return_pct\"", "\"metric\":\"luck\"")).assertProblem(400, "VALIDATION_FAILED");
        assertThat(Http.fields(many)).contains("$.strategy.params.direction", "$.options.colour", "$.grid.metric");
        alice.post("/api/v1/scenarios", "[]").assertProblem(400, "VALIDATION_FAILED");
        assertThat(alice.get("/api/v1/tasks?kind=scenario").json().path("total").asInt()).as("nothing started").isZero();
    }
}
