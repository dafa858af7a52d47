package dev.backtest.server.marketdata;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class CachedCandlesFilterTest {

    @ParameterizedTest(name = "Accept: {0} -> answered in front of JAX-RS: {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "NULL|true",
            "'  '|true",
            "*/*|true",
            "application/json|true",
            "Application/JSON; charset=utf-8|true",
            "application/*;q=0.9|true",
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8|true",
            "text/csv|false",
            "application/json;q=0.5, text/csv|false",
            "text/csv;q=0.1, application/json|false",
            "application/xml|false",
            "text/plain|false"})
    void onlyRequestsTheResourceWouldAnswerWithJsonAreTakenTheRestGoToJaxRs(String accept, boolean taken) {
        assertThat(CachedCandlesFilter.json(accept)).isEqualTo(taken);
    }
}
