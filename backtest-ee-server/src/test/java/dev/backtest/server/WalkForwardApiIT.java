package dev.backtest.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backtest.server.testing.Api;
import dev.backtest.server.testing.Http;
import dev.backtest.server.testing.SecuredServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Walk-forwards through the real server with real tokens: queued as a task, polled, windows as computed by hand. */
@ExtendWith(SecuredServer.class)
class WalkForwardApiIT {

    private static final String WALK_FORWARD = "{\"grid\":{\"fast\":[3,5,8],\"slow\":[15,25]},\"constraint\":\"fast < slow\","
            + "\"metric\":\"return_pct\",\"train_bars\":120,\"test_bars\":60,\"mode\":\"rolling\"}";

    private Api alice;
    private Api bob;

    @BeforeEach
    void users(SecuredServer.Handle handle) {
        alice = Api.newUser(handle);
        bob = Api.newUser(handle);
    }

    @Test
    void aWalkForwardIsQueuedAsATaskAndItsWindowsAreTheHandComputedOnes() {
        String id = alice.newDailyBacktest();
        Http.Reply started = alice.post("/api/v1/backtests/" + id + "/walk-forwards", WALK_FORWARD);
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        JsonNode queued = started.json();
        String wf = queued.path("id").asText();
        assertThat(started.header("Location")).endsWith("/api/v1/backtests/" + id + "/walk-forwards/" + wf);
        assertThat(queued.path("status").asText()).isEqualTo("queued");
        assertThat(queued.path("train_bars").asInt()).isEqualTo(120);
        assertThat(queued.path("step").asInt()).isEqualTo(60);
        assertThat(queued.path("result").isNull()).isTrue();

        JsonNode done = alice.awaitFinished(URI.create(started.header("Location")).getPath());
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("completed");
        assertThat(done.path("windows").asInt()).isEqualTo(4);
        assertThat(done.path("progress").asInt()).isEqualTo(100);
        JsonNode result = done.path("result");
        // 365 daily bars, train 120, test 60, step 60, rolling: trains 0-119, 60-179, 120-239, 180-299
        List<List<Integer>> ranges = new ArrayList<>();
        for (JsonNode w : result.path("windows")) {
            ranges.add(List.of(w.path("train_first").asInt(), w.path("train_last").asInt(), w.path("test_first").asInt(),
                    w.path("test_last").asInt()));
            assertThat(w.path("params").path("fast").asInt()).isLessThan(w.path("params").path("slow").asInt());
        }
        assertThat(ranges).containsExactly(List.of(0, 119, 120, 179), List.of(60, 179, 180, 239), List.of(120, 239, 240, 299),
                List.of(180, 299, 300, 359));
        assertThat(result.path("equity").path("equity")).hasSize(240);
        assertThat(result.path("out_of_sample").path("equity_final").asDouble())
                .isEqualTo(result.path("windows").get(3).path("end_equity").asDouble());

        Http.Reply tasks = alice.get("/api/v1/tasks?kind=walk_forward");
        assertThat(tasks.status()).as(tasks.body()).isEqualTo(200);
        assertThat(tasks.json().path("items")).hasSize(1);
        assertThat(tasks.json().path("items").get(0).path("id").asText()).isEqualTo(wf);
        assertThat(bob.get("/api/v1/tasks?kind=walk_forward").json().path("items")).isEmpty();

        Http.Reply cancel = alice.post("/api/v1/backtests/" + id + "/walk-forwards/" + wf + "/cancel", null);
        assertThat(cancel.status()).as(cancel.body()).isEqualTo(200);
        assertThat(cancel.json().path("status").asText()).isEqualTo("completed");
    }

    @Test
    void badInputIsRefusedWithTheFieldsNamed() {
        String id = alice.newDailyBacktest();
        String base = "/api/v1/backtests/" + id + "/walk-forwards";
        JsonNode lengths = alice.post(base, "{\"grid\":{\"fast\":[5]},\"train_bars\":1,\"test_bars\":60,\"step\":10}")
                .assertProblem(400, "VALIDATION_FAILED");
        assertThat(lengths.toString()).contains("train_bars", "step");
        JsonNode tooLong = alice.post(base, "{\"grid\":{\"fast\":[5]},\"train_bars\":300,\"test_bars\":100}")
                .assertProblem(400, "VALIDATION_FAILED");
        assertThat(tooLong.toString()).contains("train_bars", "365");
        alice.post(base, "{\"grid\":{\"fast\":[5]},\"train_bars\":100,\"test_bars\":50,\"mode\":\"sideways\"}")
                .assertProblem(400, "VALIDATION_FAILED");
        alice.post(base, "{\"grid\":{\"colour\":[1]},\"train_bars\":100,\"test_bars\":50}").assertProblem(400, "VALIDATION_FAILED");
        alice.post(base, "{\"grid\":{\"fast\":[5]}}").assertProblem(400, "VALIDATION_FAILED");
        alice.post(base, "{\"grid\":{\"fast\":[5]},\"train_bars\":100,\"test_bars\":50,\"metric\":\"happiness\"}")
                .assertProblem(400, "INVALID_RUN_OPTIONS");
        alice.post(base, Api.GRID_OVER_DEFAULT_LIMIT.replace("}}", "},\"train_bars\":100,\"test_bars\":50}"))
                .assertProblem(422, "GRID_TOO_LARGE");
        assertThat(alice.get("/api/v1/tasks?kind=walk_forward").json().path("items")).isEmpty();
    }

    @Test
    void foreignAndMissingIdsAreNotFound() {
        String id = alice.newDailyBacktest();
        String other = alice.newDailyBacktest();
        String base = "/api/v1/backtests/" + id + "/walk-forwards";
        Http.Reply started = alice.post(base, "{\"grid\":{\"fast\":[5,8]},\"train_bars\":200,\"test_bars\":100}");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String wf = started.json().path("id").asText();

        bob.post(base, WALK_FORWARD).assertProblem(404, "BACKTEST_NOT_FOUND");
        bob.get(base + "/" + wf).assertProblem(404, "BACKTEST_NOT_FOUND");
        bob.post(base + "/" + wf + "/cancel", null).assertProblem(404, "BACKTEST_NOT_FOUND");
        alice.get("/api/v1/backtests/" + other + "/walk-forwards/" + wf).assertProblem(404, "OBJECT_NOT_FOUND");
        alice.get(base + "/" + UUID.randomUUID()).assertProblem(404, "OBJECT_NOT_FOUND");
        alice.get(base + "/not-a-uuid").assertProblem(404, "OBJECT_NOT_FOUND");
        assertThat(alice.awaitFinished(base + "/" + wf).path("status").asText()).isEqualTo("completed");
    }
}
