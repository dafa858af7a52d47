package dev.backtest.server.http;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CompressionFilterTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "gzip|true", "GZIP|true", "gzip, deflate, br|true", "br;q=1.0, gzip;q=0.8, *;q=0.1|true", "x-gzip|true",
            "*|true", "gzip;q=0.001|true", "gzip;q=0|false", "gzip; q=0.000|false", "gzip;q=0, *|false",
            "*;q=0|false", "deflate, br|false", "identity|false", "''|false", "gzip;q=2|false", "gzip;q=abc|false",
            "gzipped|false"})
    void readsWhetherTheClientAcceptsGzip(String header, boolean accepted) {
        assertThat(CompressionFilter.acceptsGzip(Collections.enumeration(List.of(header)))).as(header).isEqualTo(accepted);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/problem+json", "text/csv; charset=UTF-8", "text/html;charset=UTF-8",
            "application/yaml", "text/plain", "application/vnd.api+json", "TEXT/HTML"})
    void compressesTextualTypes(String type) {
        assertThat(CompressionFilter.compressible(type)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/event-stream", "application/octet-stream", "image/png", "application/vnd.apache.parquet",
            "application/gzip", "application/jsonx"})
    void leavesOtherTypesAlone(String type) {
        assertThat(CompressionFilter.compressible(type)).isFalse();
    }
}
