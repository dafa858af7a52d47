package dev.backtest.server.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backtest.error.FieldError;
import dev.backtest.sdk.backtest.BacktestInput;
import dev.backtest.sdk.optimization.OptimizeRequest;
import dev.backtest.sdk.strategy.StrategyInput;
import dev.backtest.server.http.JsonProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Bad request bodies read by the server's own mapper: each error names the field and speaks JSON, never Java or Jackson. */
class JsonInputExceptionMapperTest {

    private static final ObjectMapper JSON = JsonProvider.mapper();

    private static FieldError errorOf(String type, String body) {
        Class<?> target = switch (type) {
            case "strategy" -> StrategyInput.class;
            case "backtest" -> BacktestInput.class;
            default -> OptimizeRequest.class;
        };
        JsonProcessingException e = catchThrowableOfType(JsonProcessingException.class, () -> JSON.readValue(body, target));
        assertThat(e).as(body).isNotNull();
        return JsonInputExceptionMapper.error(e);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "strategy | [1,2]                                              | body              | must be a JSON object",
            "strategy | ~\"text\"~                                         | body              | must be a JSON object",
            "strategy | {\"name\":\"a\",\"name\":\"b\"}                    | name              | is given more than once",
            "strategy | {\"parameters\":{\"fast\":5,\"fast\":6}}           | parameters.fast   | is given more than once",
            "strategy | {\"colour\":1}                                     | colour            | is not a known field; accepted:",
            "strategy | {\"is_public\":[1]}                                | is_public         | has the wrong type; expected true or false",
            "strategy | {\"name\":true}                                    | name              | expected a string",
            "strategy | {\"description\":42.5}                             | description       | expected a string",
            "backtest | {\"symbol\":42}                                    | symbol            | expected a string",
            "strategy | {\"name\":NaN}                                     | body              | NaN and Infinity are not JSON numbers",
            "strategy | {\"name\":\"x\"                                    | body              | ends before the document is complete",
            "strategy | {\"name\":\"x\"} trailing                          | body              | is not a valid JSON document",
            "backtest | {\"initial_capital\":\"lots\"}                     | initial_capital   | has an invalid value 'lots'; expected a number",
            "backtest | {\"start_date\":\"01/02/2024\"}                    | start_date        | expected an ISO date such as 2024-01-31",
            "backtest | {\"initial_capital\":{}}                           | initial_capital   | has the wrong type; expected a number",
            "optimize | {\"top\":1e999999999}                              | top               | is out of range; expected an integer",
            "optimize | {\"grid\":{\"fast\":\"5\"}}                        | grid.fast         | has the wrong type; expected a list"})
    void namesTheFieldInJsonTerms(String type, String body, String field, String message) {
        FieldError error = errorOf(type, body);
        assertThat(error.field()).isEqualTo(field);
        assertThat(error.message()).contains(message);
        assertThat(error.field() + error.message()).doesNotContain("`", "dev.backtest", "com.fasterxml", "java.", "Exception",
                "ArrayList", "BigDecimal", "StrategyInput", "JsonToken");
    }

    @ParameterizedTest(name = "{0} levels")
    @CsvSource({"33", "10000"})
    void refusesDocumentsNestedDeeperThanTheLimit(int depth) {
        String body = "{\"parameters\":" + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) + "}";
        FieldError error = errorOf("strategy", body);
        assertThat(error.field()).isEqualTo("parameters");
        assertThat(error.message()).isEqualTo("nests arrays and objects deeper than 32 levels");
        assertThat(errorOf("strategy", "[".repeat(depth) + "]".repeat(depth)).field()).isEqualTo("body");
    }
}
