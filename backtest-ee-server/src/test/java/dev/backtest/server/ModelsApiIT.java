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
 * ML models through the real server with real tokens: train, list, get, delete, another user's model as a missing one,
 * and the leakage guard at run start (422 DATA_LEAKAGE naming both windows) next to an adjacent run that completes.
 */
@ExtendWith(SecuredServer.class)
class ModelsApiIT {

    private static final String Q1 = "{\"name\":\"ar5 q1\",\"symbol\":\"BTC\",\"timeframe\":\"1h\",\"start_date\":\"2023-01-01\","
            + "\"end_date\":\"2023-03-31\",\"kind\":\"autoregressive\",\"lags\":5,\"features\":[\"returns\",\"range\"]}";

    private Api alice;
    private Api bob;

    @BeforeEach
    void users(SecuredServer.Handle handle) {
        alice = Api.newUser(handle);
        bob = Api.newUser(handle);
    }

    private JsonNode train(Api who, String body) {
        Http.Reply r = who.post("/api/v1/models", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.header("Location")).endsWith("/api/v1/models/" + r.json().path("id").asText());
        return r.json();
    }

    @Test
    void modelsAreTrainedListedReadAndDeletedByTheirOwnerOnly() {
        JsonNode m = train(alice, Q1);
        String id = m.path("id").asText();
        assertThat(m.path("spec").path("kind").asText()).isEqualTo("autoregressive");
        assertThat(m.path("spec").path("features").toString()).isEqualTo("[\"returns\",\"range\"]");
        assertThat(m.path("first_training_bar").asText()).isEqualTo("2023-01-01T00:00:00Z");
        assertThat(m.path("last_training_bar").asText()).isEqualTo("2023-03-31T23:00:00Z");
        assertThat(m.path("fingerprint").asText()).hasSize(64);
        assertThat(m.path("metrics").path("rmse").isNumber()).isTrue();

        assertThat(alice.get("/api/v1/models/" + id).json()).isEqualTo(m);
        JsonNode list = alice.get("/api/v1/models?limit=10").json();
        assertThat(list.path("total").asInt()).isEqualTo(1);
        assertThat(list.path("items").get(0).path("id").asText()).isEqualTo(id);

        bob.get("/api/v1/models/" + id).assertProblem(404, "MODEL_NOT_FOUND");
        bob.delete("/api/v1/models/" + id).assertProblem(404, "MODEL_NOT_FOUND");
        assertThat(bob.get("/api/v1/models").json().path("total").asInt()).isZero();
        alice.get("/api/v1/models/not-a-uuid").assertProblem(404, "MODEL_NOT_FOUND");
        alice.get("/api/v1/models/" + UUID.randomUUID()).assertProblem(404, "MODEL_NOT_FOUND");
        alice.get("/api/v1/models?limit=0").assertProblem(400, "VALIDATION_FAILED");
        JsonNode bad = alice.post("/api/v1/models", "{\"symbol\":\"BTC\",\"timeframe\":\"1h\",\"start_date\":\"2023-01-01\","
                + "\"end_date\":\"2023-03-31\",\"kind\":\"autoregressive\",\"lags\":0,\"features\":[\"magic\"]}").assertProblem(400, "VALIDATION_FAILED");
        assertThat(Http.fields(bad)).contains("lags", "features");
        alice.post("/api/v1/models", "{\"symbol\":\"BTC\",\"kind\":\"svm\"}").assertProblem(400, "VALIDATION_FAILED");
        assertThat(alice.get("/api/v1/models").json().path("total").asInt()).as("nothing stored by refused requests").isEqualTo(1);

        assertThat(alice.delete("/api/v1/models/" + id).status()).isEqualTo(204);
        alice.get("/api/v1/models/" + id).assertProblem(404, "MODEL_NOT_FOUND");
    }

    @Test
    void aRunReachingIntoTheTrainingWindowIsRefusedWith422AndAnAdjacentOneCompletes() {
        String model = train(alice, Q1).path("id").asText();
        Http.Reply s = alice.post("/api/v1/strategies", "{\"name\":\"ml " + UUID.randomUUID() + "\",\"type\":\"ml_predictive\","
                + "\"parameters\":{\"model\":\"" + model + "\",\"threshold\":0.0001}}");
        assertThat(s.status()).as(s.body()).isEqualTo(201);
        String strategy = s.json().path("id").asText();
        bob.post("/api/v1/strategies", "{\"name\":\"theft\",\"type\":\"ml_predictive\",\"parameters\":{\"model\":\"" + model + "\"}}")
                .assertProblem(400, "VALIDATION_FAILED");

        String overlapping = backtest(strategy, "2023-03-15", "2023-05-31");
        JsonNode problem = alice.post("/api/v1/backtests/" + overlapping + "/run", null).assertProblem(422, "DATA_LEAKAGE");
        assertThat(problem.path("detail").asText()).contains("2023-01-01T00:00:00Z", "2023-03-31T23:00:00Z", "2023-03-15T00:00:00Z",
                "2023-05-31T23:00:00Z");
        assertThat(problem.path("training_last_bar").asText()).isEqualTo("2023-03-31T23:00:00Z");
        assertThat(problem.path("backtest_first_bar").asText()).isEqualTo("2023-03-15T00:00:00Z");
        assertThat(alice.get("/api/v1/backtests/" + overlapping + "/runs").json().path("total").asInt()).isZero();

        String adjacent = backtest(strategy, "2023-04-01", "2023-05-31");
        Http.Reply started = alice.post("/api/v1/backtests/" + adjacent + "/run", null);
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        JsonNode run = alice.awaitFinished("/api/v1/backtests/" + adjacent + "/runs/" + started.json().path("id").asText());
        assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("completed");
    }

    @Test
    void aModelTrainedForABacktestRunsInIt() {
        Http.Reply s = alice.post("/api/v1/strategies", "{\"name\":\"bh " + UUID.randomUUID() + "\",\"type\":\"buy_and_hold\"}");
        String backtest = backtest(s.json().path("id").asText(), "2023-06-01", "2023-06-30");
        JsonNode m = train(alice, "{\"backtest_id\":\"" + backtest + "\",\"steps\":200,\"kind\":\"regression_tree\",\"max_depth\":3}");
        assertThat(m.path("training_bars").asInt()).isEqualTo(200);
        assertThat(m.path("last_training_bar").asText()).isEqualTo("2023-05-31T23:00:00Z");
        bob.post("/api/v1/models", "{\"backtest_id\":\"" + backtest + "\",\"kind\":\"linear\"}").assertProblem(404, "BACKTEST_NOT_FOUND");
    }

    private String backtest(String strategy, String start, String end) {
        Http.Reply b = alice.post("/api/v1/backtests", "{\"name\":\"bt " + UUID.randomUUID() + "\",\"strategy\":\"" + strategy
                + "\",\"symbol\":\"BTC\",\"timeframe\":\"1h\",\"start_date\":\"" + start + "\",\"end_date\":\"" + end + "\","
                + "\"initial_capital\":100000,\"commission\":0.001,\"parameters\":{}}");
        assertThat(b.status()).as(b.body()).isEqualTo(201);
        return b.json().path("id").asText();
    }
}
