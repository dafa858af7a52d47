package dev.backtest.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backtest.server.testing.Api;
import dev.backtest.server.testing.Http;
import dev.backtest.server.testing.SecuredServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Distributed parameter sweeps through the real server with real tokens: queued, polled, ranked like the synchronous sweep. */
@ExtendWith(SecuredServer.class)
class OptimizationsApiIT {

    private static final String SWEEP = "{\"grid\":{\"fast\":[3,5,8,10,30],\"slow\":[15,20,30]},\"constraint\":\"fast < slow\","
            + "\"metric\":\"return_pct\",\"top\":4}";

    private Api alice;
    private Api bob;

    @BeforeEach
    void users(SecuredServer.Handle handle) {
        alice = Api.newUser(handle);
        bob = Api.newUser(handle);
    }

    @Test
    void sweepIsQueuedPolledAndRankedLikeTheSynchronousOne() {
        String id = alice.newDailyBacktest();
        Http.Reply started = alice.post("/api/v1/backtests/" + id + "/optimizations", SWEEP);
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        JsonNode queued = started.json();
        String optimization = queued.path("id").asText();
        assertThat(started.header("Location")).endsWith("/api/v1/backtests/" + id + "/optimizations/" + optimization);
        assertThat(queued.path("backtest_id").asText()).isEqualTo(id);
        assertThat(queued.path("status").asText()).isEqualTo("queued");
        assertThat(queued.path("grid_size").asInt()).isEqualTo(15);
        assertThat(queued.path("combinations").asInt()).isEqualTo(12);
        assertThat(queued.path("chunks").asInt()).isEqualTo(12);
        assertThat(queued.path("chunks_done").asInt()).isZero();
        assertThat(queued.path("result").isNull()).isTrue();

        String path = URI.create(started.header("Location")).getPath();
        JsonNode done = alice.awaitFinished(path);
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("completed");
        assertThat(done.path("chunks_done").asInt()).isEqualTo(12);
        assertThat(done.path("progress").asInt()).isEqualTo(100);
        assertThat(done.path("evaluated").asInt()).isEqualTo(12);
        assertThat(done.path("finished_at").asText()).endsWith("Z");

        Http.Reply synchronous = alice.post("/api/v1/backtests/" + id + "/optimize", SWEEP);
        assertThat(synchronous.status()).as(synchronous.body()).isEqualTo(200);
        assertThat(done.path("result")).isEqualTo(synchronous.json());
        assertThat(done.path("result").path("results")).hasSize(4);

        // Cancelling a finished sweep changes nothing.
        Http.Reply cancel = alice.post(path + "/cancel", null);
        assertThat(cancel.status()).as(cancel.body()).isEqualTo(200);
        assertThat(cancel.json().path("status").asText()).isEqualTo("completed");
    }

    @Test
    void invalidSweepsAreRefusedLikeTheSynchronousOnes() {
        String id = alice.newDailyBacktest();
        String base = "/api/v1/backtests/" + id + "/optimizations";
        JsonNode tooLarge = problem(alice.post(base, Api.GRID_OVER_DEFAULT_LIMIT), 422,
                "GRID_TOO_LARGE");
        assertThat(tooLarge.path("detail").asText()).contains("10100").contains("10000");
        assertThat(tooLarge.path("grid_size").asLong()).isEqualTo(10_100);
        assertThat(tooLarge.path("limit").asLong()).isEqualTo(10_000);

        problem(alice.post(base, "{\"grid\":{\"fast\":[5]},\"constraint\":\"fast < slow; System.exit(0)\"}"), 400, "VALIDATION_FAILED");
        problem(alice.post(base, "{\"grid\":{\"colour\":[1]}}"), 400, "VALIDATION_FAILED");
        problem(alice.post(base, "{\"grid\":{}}"), 400, "VALIDATION_FAILED");
        problem(alice.post(base, "{\"grid\":{\"fast\":[5]},\"top\":0}"), 400, "VALIDATION_FAILED");
        problem(alice.post(base, "{\"grid\":{\"fast\":[5]},\"metric\":\"happiness\"}"), 400, "INVALID_RUN_OPTIONS");
        problem(alice.post(base, "{\"grid\":{\"fast\":[5]},\"colour\":\"blue\"}"), 400, "VALIDATION_FAILED");
    }

    @Test
    void foreignAndMissingIdsAreNotFound() {
        String id = alice.newDailyBacktest();
        String other = alice.newDailyBacktest();
        String base = "/api/v1/backtests/" + id + "/optimizations";
        Http.Reply started = alice.post(base, "{\"grid\":{\"fast\":[5,8]}}");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String optimization = started.json().path("id").asText();

        problem(bob.post(base, "{\"grid\":{\"fast\":[5]}}"), 404, "BACKTEST_NOT_FOUND");
        problem(bob.get(base + "/" + optimization), 404, "BACKTEST_NOT_FOUND");
        problem(bob.post(base + "/" + optimization + "/cancel", null), 404, "BACKTEST_NOT_FOUND");
        problem(bob.get(base + "/not-a-uuid"), 404, "BACKTEST_NOT_FOUND");
        problem(alice.get("/api/v1/backtests/" + other + "/optimizations/" + optimization), 404, "OPTIMIZATION_NOT_FOUND");
        problem(alice.get(base + "/" + UUID.randomUUID()), 404, "OPTIMIZATION_NOT_FOUND");
        problem(alice.get(base + "/not-a-uuid"), 404, "OPTIMIZATION_NOT_FOUND");
        problem(alice.post("/api/v1/backtests/not-a-uuid/optimizations", "{\"grid\":{\"fast\":[5]}}"), 404, "BACKTEST_NOT_FOUND");
        assertThat(alice.awaitFinished(base + "/" + optimization).path("status").asText()).isEqualTo("completed");
    }

    private static JsonNode problem(Http.Reply r, int status, String code) {
        return r.assertProblem(status, code);
    }
}
