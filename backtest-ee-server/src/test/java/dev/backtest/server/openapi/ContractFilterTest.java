package dev.backtest.server.openapi;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ContractFilterTest {

    @ParameterizedTest
    @CsvSource({"startDate,start_date", "isPublic,is_public", "hitRatio,hit_ratio", "t,t", "request_id,request_id",
            "nextCursor,next_cursor", "sourceResolution,source_resolution", "latencyMs,latency_ms"})
    void namesPropertiesAsTheServersJacksonSnakeCaseDoes(String java, String json) {
        assertThat(ContractFilter.snakeCase(java)).isEqualTo(json);
    }
}
