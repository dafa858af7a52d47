package dev.backtest.engine;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class TimeframeTest {

    @ParameterizedTest(name = "{0} {1}..{2}")
    @CsvSource({
            "1m, 2024-01-01T00:00:00Z, 2024-01-02T00:00:00Z, 1440",
            "1m, 2024-01-01T00:00:30Z, 2024-01-01T00:01:30Z, 2",
            "1h, 2024-01-01T00:00:00Z, 2025-01-01T00:00:00Z, 8784",
            "4h, 2024-01-01T03:00:00Z, 2024-01-01T05:00:00Z, 2",
            "1d, 1970-01-01T00:00:00Z, 2101-01-01T00:00:00Z, 47847",
            "1w, 2024-01-01T00:00:00Z, 2024-01-08T00:00:00Z, 1",
            "1w, 2024-01-03T00:00:00Z, 2024-01-09T00:00:00Z, 2",
            "1M, 2024-01-31T00:00:00Z, 2024-02-01T00:00:00Z, 1",
            "1M, 2023-12-15T00:00:00Z, 2024-02-01T00:00:00Z, 2",
            "1M, 1970-01-01T00:00:00Z, 2101-01-01T00:00:00Z, 1572",
            "1m, 2024-01-01T00:00:00Z, 2024-01-01T00:00:00Z, 0"})
    void countsTheBucketsARangeTouches(String timeframe, String start, String end, long buckets) {
        assertThat(Timeframe.parse(timeframe).bucketsBetween(Instant.parse(start), Instant.parse(end))).isEqualTo(buckets);
    }
}
