package dev.backtest.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backtest.sdk.asset.AssetClass;
import dev.backtest.sdk.asset.AssetView;
import dev.backtest.sdk.index.IndexCurrent;
import dev.backtest.sdk.index.IndexRunView;
import dev.backtest.sdk.run.RunStatus;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class JsonProviderTest {

    private static final ObjectMapper JSON = JsonProvider.mapper();

    @Test
    void writesAssetClassesAndRunStatusesAsTheirWireNames() throws Exception {
        OffsetDateTime t = OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        JsonNode asset = JSON.readTree(JSON.writeValueAsString(new AssetView("BTC", "Bitcoin", AssetClass.CRYPTO, null, "USD", null, true, t, t)));
        assertThat(asset.path("asset_class").asText()).isEqualTo("crypto");
        JsonNode run = JSON.readTree(JSON.writeValueAsString(new IndexRunView(UUID.randomUUID(), UUID.randomUUID(), RunStatus.CANCELLED, 0, 0,
                3, false, t, null, null, null, null)));
        assertThat(run.path("status").asText()).isEqualTo("cancelled");
        assertThat(run.path("max_attempts").asInt()).isEqualTo(3);
    }

    @Test
    void writesTheChangesOfAnIndexUnderTheirDocumentedNames() throws Exception {
        JsonNode now = JSON.readTree(JSON.writeValueAsString(new IndexCurrent(UUID.randomUUID(), UUID.randomUUID(), LocalDate.of(2024, 6, 3),
                1234.5, 1.25, Double.NaN, -2.5, List.of())));
        assertThat(now.path("change_1d_pct").asDouble()).isEqualTo(1.25);
        assertThat(now.has("change_1m_pct")).isTrue();
        assertThat(now.path("change_1m_pct").isNull()).isTrue();
        assertThat(now.path("change_ytd_pct").asDouble()).isEqualTo(-2.5);
        assertThat(now.has("change1d_pct")).isFalse();
        assertThat(now.size()).isEqualTo(8);
    }
}
