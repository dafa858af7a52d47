package dev.backtest.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backtest.server.testing.Api;
import dev.backtest.server.testing.Http;
import dev.backtest.server.testing.SecuredServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The task view through the real server with real tokens: a user's runs and sweeps in one list, filters and paging,
 * another user's tasks answered like missing ones, an administrator's {@code all=true}, cancel, and the event stream
 * that ends when the task finishes.
 */
@ExtendWith(SecuredServer.class)
class TasksApiIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SWEEP = "{\"grid\":{\"fast\":[5,10],\"slow\":[20,30]},\"constraint\":\"fast < slow\",\"top\":2}";

    private SecuredServer.Handle secured;
    private Api alice;
    private Api bob;
    private Api admin;

    @BeforeEach
    void users(SecuredServer.Handle handle) {
        secured = handle;
        alice = Api.newUser(handle);
        bob = Api.newUser(handle);
        admin = new Api(handle.server(), SecuredServer.ADMIN_BY_ID, handle.tokens()::hs256);
    }

    private static List<String> ids(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.path("items").forEach(t -> out.add(t.path("id").asText()));
        return out;
    }

    private static JsonNode ok(Http.Reply r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    @Test
    void aUsersRunsAndSweepsAreTasksThatNoOtherUserSees() {
        String backtest = alice.newDailyBacktest();
        Http.Reply run = alice.post("/api/v1/backtests/" + backtest + "/run", null);
        assertThat(run.status()).as(run.body()).isEqualTo(202);
        String runId = run.json().path("id").asText();
        alice.awaitFinished("/api/v1/tasks/" + runId);
        Http.Reply sweep = alice.post("/api/v1/backtests/" + backtest + "/optimizations", SWEEP);
        assertThat(sweep.status()).as(sweep.body()).isEqualTo(202);
        String sweepId = sweep.json().path("id").asText();

        JsonNode mine = ok(alice.get("/api/v1/tasks"));
        assertThat(ids(mine)).containsExactly(sweepId, runId);
        assertThat(mine.path("total").asInt()).isEqualTo(2);
        JsonNode r = mine.path("items").get(1);
        assertThat(r.path("kind").asText()).isEqualTo("run");
        assertThat(r.path("status").asText()).isEqualTo("completed");
        assertThat(r.path("progress").asInt()).isEqualTo(100);
        assertThat(r.path("user_id").asText()).isEqualTo(alice.user.toString());
        assertThat(r.path("backtest_id").asText()).isEqualTo(backtest);
        assertThat(r.path("label").asText()).endsWith("(BTC)");
        assertThat(r.path("finished_at").asText()).endsWith("Z");
        assertThat(r.has("error_code")).isTrue();
        assertThat(mine.path("items").get(0).path("kind").asText()).isEqualTo("sweep");

        assertThat(ids(ok(alice.get("/api/v1/tasks?kind=run")))).containsExactly(runId);
        assertThat(ids(ok(alice.get("/api/v1/tasks?status=completed&kind=run")))).containsExactly(runId);
        JsonNode first = ok(alice.get("/api/v1/tasks?limit=1"));
        assertThat(ids(first)).containsExactly(sweepId);
        assertThat(ids(ok(alice.get("/api/v1/tasks?limit=1&cursor=" + first.path("next_cursor").asText())))).containsExactly(runId);
        assertThat(ok(alice.get("/api/v1/tasks/" + runId)).path("id").asText()).isEqualTo(runId);

        // bob: alice's ids answer like missing ones, on every route
        String missing = UUID.randomUUID().toString();
        for (String id : List.of(runId, sweepId, missing, "not-a-uuid")) {
            bob.get("/api/v1/tasks/" + id).assertProblem(404, "TASK_NOT_FOUND");
            bob.post("/api/v1/tasks/" + id + "/cancel", null).assertProblem(404, "TASK_NOT_FOUND");
            bob.get("/api/v1/tasks/" + id + "/events").assertProblem(404, "TASK_NOT_FOUND");
        }
        JsonNode bobs = ok(bob.get("/api/v1/tasks"));
        assertThat(bobs.path("total").asInt()).isZero();
        assertThat(bob.get("/api/v1/tasks/" + runId).body()).doesNotContain(alice.user.toString());
    }

    @Test
    void administratorsListEveryonesTasksWithAllAndOthersAreForbidden() {
        String backtest = alice.newDailyBacktest();
        String runId = alice.post("/api/v1/backtests/" + backtest + "/run", null).json().path("id").asText();

        JsonNode everyone = ok(admin.get("/api/v1/tasks?all=true&kind=run&limit=200"));
        assertThat(ids(everyone)).contains(runId);
        assertThat(ids(ok(admin.get("/api/v1/tasks?kind=run")))).as("without all: the admin's own").doesNotContain(runId);
        assertThat(ok(admin.get("/api/v1/tasks/" + runId)).path("user_id").asText()).isEqualTo(alice.user.toString());

        JsonNode refused = bob.get("/api/v1/tasks?all=true").assertProblem(403, "FORBIDDEN");
        assertThat(refused.path("detail").asText()).contains("administrators");
        assertThat(ok(bob.get("/api/v1/audit?resource_type=admin_route")).path("items").get(0).path("action").asText())
                .isEqualTo("admin.forbidden");
        assertThat(ok(bob.get("/api/v1/tasks?all=false")).path("total").asInt()).isZero();
        alice.awaitFinished("/api/v1/tasks/" + runId);
    }

    @Test
    void cancelAnswersTheTaskAndLeavesAFinishedOneAsItIs() {
        String backtest = alice.newDailyBacktest();
        String runId = alice.post("/api/v1/backtests/" + backtest + "/run", null).json().path("id").asText();
        alice.awaitFinished("/api/v1/tasks/" + runId);
        JsonNode done = ok(alice.post("/api/v1/tasks/" + runId + "/cancel", null));
        assertThat(done.path("status").asText()).isEqualTo("completed");
        assertThat(done.path("cancel_requested").asBoolean()).isFalse();

        String sweepId = alice.post("/api/v1/backtests/" + backtest + "/optimizations", SWEEP).json().path("id").asText();
        JsonNode cancelled = ok(alice.post("/api/v1/tasks/" + sweepId + "/cancel", null));
        assertThat(cancelled.path("kind").asText()).isEqualTo("sweep");
        assertThat(cancelled.path("status").asText()).as("cancelled, unless it finished first").isIn("cancelled", "completed");
        assertThat(ok(alice.get("/api/v1/audit?resource_type=optimization")).path("items").get(0).path("action").asText())
                .isEqualTo("optimization.cancel");
    }

    @Test
    void eventStreamEndsWhenTheTaskFinishes() throws Exception {
        String backtest = alice.newDailyBacktest();
        String runId = alice.post("/api/v1/backtests/" + backtest + "/run", null).json().path("id").asText();

        Http.Reply stream = new Http().get(secured.server().uri("/api/v1/tasks/" + runId + "/events"),
                "Authorization", "Bearer " + secured.tokens().hs256(alice.user), "Accept", "text/event-stream");
        List<String[]> events = Http.events(stream);
        String[] last = events.get(events.size() - 1);
        assertThat(last[0]).isEqualTo("completed");
        JsonNode data = JSON.readTree(last[1]);
        assertThat(data.path("id").asText()).isEqualTo(runId);
        assertThat(data.path("kind").asText()).isEqualTo("run");
        assertThat(data.path("progress").asInt()).isEqualTo(100);
        assertThat(events.subList(0, events.size() - 1)).allSatisfy(e -> assertThat(e[0]).isEqualTo("progress"));

        // a finished task: one event, then the end
        List<String[]> again = Http.events(new Http().get(secured.server().uri("/api/v1/tasks/" + runId + "/events"),
                "Authorization", "Bearer " + secured.tokens().hs256(alice.user), "Accept", "text/event-stream").body());
        assertThat(again).extracting(e -> e[0]).containsExactly("completed");
    }

    @Test
    void badFiltersAreOneValidationProblem() {
        JsonNode p = alice.get("/api/v1/tasks?kind=reindex&status=done&all=maybe&limit=0").assertProblem(400, "VALIDATION_FAILED");
        assertThat(p.path("errors").findValuesAsText("field")).containsExactlyInAnyOrder("kind", "status", "limit", "all");
    }

}
