package dev.backtest.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backtest.server.testing.Http;
import dev.backtest.server.testing.ServerProcess;
import dev.backtest.server.testing.SharedServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /api/v1/ohlcv/symbols/{symbol}/coverage} on the shared embedded server and its sample data (2023 and 2024). */
@ExtendWith(SharedServer.class)
class CoverageEndpointIT {

    private final Http http = new Http();
    private ServerProcess server;

    @BeforeEach
    void server(ServerProcess shared) {
        server = shared;
    }

    private Http.Reply get(String path) {
        return http.get(server.uri(path));
    }

    @Test
    void answersTheDaysWithDataAndTheGapsPerLayout() {
        Http.Reply r = get("/api/v1/ohlcv/symbols/BTC/coverage?start_date=2024-12-25&end_date=2025-01-03");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode c = r.json();
        assertThat(c.path("symbol").asText()).isEqualTo("BTC");
        assertThat(c.path("start_date").asText()).isEqualTo("2024-12-25");
        assertThat(c.path("end_date").asText()).isEqualTo("2025-01-03");
        assertThat(c.path("days").asInt()).isEqualTo(10);
        JsonNode yearly = c.path("resolutions").get(0);
        assertThat(yearly.path("source_resolution").asText()).isEqualTo("1Y");
        assertThat(yearly.path("bar").asText()).isEqualTo("1m");
        assertThat(yearly.path("days_with_data").asInt()).as("the sample data ends with 2024").isEqualTo(7);
        assertThat(yearly.path("missing_days")).hasSize(1);
        assertThat(yearly.path("missing_days").get(0).path("first").asText()).isEqualTo("2025-01-01");
        assertThat(yearly.path("missing_days").get(0).path("last").asText()).isEqualTo("2025-01-03");
        assertThat(yearly.path("missing_days").get(0).path("days").asInt()).isEqualTo(3);
        assertThat(yearly.path("last_bar").asText()).startsWith("2024-12-31T23:");
        assertThat(yearly.path("missing_minutes").isNumber()).isTrue();
        assertThat(yearly.path("partial_days").isArray()).isTrue();
        assertThat(yearly.path("partial_day_count").asInt()).isEqualTo(yearly.path("partial_days").size());
    }

    @Test
    void refusesBadRequestsLikeTheCandleRoutes() {
        JsonNode missing = get("/api/v1/ohlcv/symbols/BTC/coverage").assertProblem(400, "VALIDATION_FAILED");
        assertThat(missing.path("errors").findValuesAsText("field")).containsExactly("start_date", "end_date");
        get("/api/v1/ohlcv/symbols/BTC/coverage?start_date=2024-02-30&end_date=2024-03-01").assertProblem(400, "VALIDATION_FAILED");
        get("/api/v1/ohlcv/symbols/BTC/coverage?start_date=2024-03-02&end_date=2024-03-01").assertProblem(400, "DATE_RANGE");
        JsonNode tooLong = get("/api/v1/ohlcv/symbols/BTC/coverage?start_date=2000-01-01&end_date=2024-03-01")
                .assertProblem(400, "DATE_RANGE");
        assertThat(tooLong.path("max_days").asInt()).isEqualTo(3660);
        get("/api/v1/ohlcv/symbols/btc/coverage?start_date=2024-01-01&end_date=2024-01-02").assertProblem(400, "INVALID_SYMBOL");
        get("/api/v1/ohlcv/symbols/NOPE/coverage?start_date=2024-01-01&end_date=2024-01-02").assertProblem(404, "SYMBOL_NOT_FOUND");
    }
}
