package dev.backtest.sdk.source.internal;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ProviderHttpTest {

    @Test
    void readsRetryAfterAsSecondsOrAsAnHttpDate() {
        var clock = SourceFixtures.clockAt("2024-03-01T12:00:00Z");

        assertThat(ProviderHttp.parseRetryAfter("7", clock)).contains(Duration.ofSeconds(7));
        assertThat(ProviderHttp.parseRetryAfter("Fri, 01 Mar 2024 12:00:30 GMT", clock)).contains(Duration.ofSeconds(30));
        assertThat(ProviderHttp.parseRetryAfter("Fri, 01 Mar 2024 11:00:00 GMT", clock)).contains(Duration.ZERO);
        assertThat(ProviderHttp.parseRetryAfter("soon", clock)).isEmpty();
    }

    @Test
    void encodesQueryValuesWithSpacesAsPercent20() {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("symbol", "EUR/USD");
        q.put("start_date", "2024-01-02 00:00:00");
        q.put("page_token", null);

        assertThat(ProviderHttp.query(q)).isEqualTo("symbol=EUR%2FUSD&start_date=2024-01-02%2000%3A00%3A00");
    }
}
