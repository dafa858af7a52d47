package dev.backtest.sdk.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backtest.engine.Sweep;
import dev.backtest.engine.Timeframe;
import dev.backtest.engine.strategies.Strategies;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The published JSON Schema and the parser agree: the same properties (unknown ones refused on both sides), the same
 * required ones, the same enumerations; and every sample scenario of sdk-examples parses.
 */
class ScenarioSchemaTest {

    private final JsonNode schema = read(Scenarios.schema());

    private static JsonNode read(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private JsonNode def(String name) {
        return name.equals("$") ? schema : schema.path("$defs").path(name);
    }

    private static Set<String> names(JsonNode properties) {
        Set<String> out = new HashSet<>();
        properties.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static List<String> texts(JsonNode array) {
        return Stream.iterate(0, i -> i < array.size(), i -> i + 1).map(i -> array.get(i).asText()).toList();
    }

    @Test
    void propertiesAndUnknownPropertiesAgree() {
        assertThat(names(def("$").path("properties"))).isEqualTo(ScenarioParser.ROOT);
        assertThat(names(def("data").path("properties"))).isEqualTo(ScenarioParser.DATA);
        assertThat(names(def("strategy").path("properties"))).isEqualTo(ScenarioParser.STRATEGY);
        assertThat(names(def("portfolio").path("properties"))).isEqualTo(ScenarioParser.PORTFOLIO);
        assertThat(names(def("options").path("properties"))).isEqualTo(ScenarioParser.OPTIONS);
        assertThat(names(def("grid").path("properties"))).isEqualTo(ScenarioParser.GRID);
        assertThat(names(def("walk_forward").path("properties"))).isEqualTo(ScenarioParser.WALK_FORWARD);
        for (String d : List.of("$", "data", "strategy", "portfolio", "options", "grid", "walk_forward")) {
            assertThat(def(d).path("additionalProperties").asBoolean(true)).as(d + " refuses unknown properties").isFalse();
        }
    }

    @Test
    void requiredPropertiesAgree() {
        assertThat(texts(def("$").path("required"))).containsExactly("data");
        assertThat(texts(def("data").path("required"))).containsExactly("source");
        assertThat(texts(def("strategy").path("required"))).containsExactly("key");
        assertThat(texts(def("portfolio").path("required"))).containsExactlyInAnyOrder("weighting", "rebalance");
        assertThat(texts(def("grid").path("required"))).containsExactly("params");
        assertThat(texts(def("walk_forward").path("required"))).containsExactlyInAnyOrder("train_bars", "test_bars");
        // what the parser calls required is what the schema does: an empty object names exactly those
        assertThat(errors("{\"data\": {}, \"strategy\": {}, \"grid\": {}, \"walk_forward\": {}}"))
                .containsExactlyInAnyOrder("$.data.source", "$.strategy.key", "$.grid.params", "$.walk_forward.train_bars",
                        "$.walk_forward.test_bars");
        assertThat(errors("{\"data\": {\"source\": \"csv\", \"files\": {\"A\": \"a.csv\"}}, \"portfolio\": {}}"))
                .containsExactlyInAnyOrder("$.portfolio.weighting", "$.portfolio.rebalance");
        assertThat(errors("{\"strategy\": {\"key\": \"buy_and_hold\"}}")).containsExactly("$.data");
    }

    @Test
    void enumerationsAgree() {
        assertThat(texts(def("strategy").path("properties").path("key").path("enum"))).isEqualTo(Strategies.keys());
        assertThat(texts(def("portfolio").path("properties").path("weighting").path("enum"))).isEqualTo(ScenarioParser.WEIGHTINGS);
        assertThat(texts(def("data").path("properties").path("timeframe").path("enum")))
                .isEqualTo(Arrays.stream(Timeframe.values()).map(Timeframe::toString).toList());
        assertThat(texts(def("data").path("properties").path("source").path("enum")))
                .containsExactly(Scenarios.SOURCE_STORE, Scenarios.SOURCE_CSV);
        assertThat(def("grid").path("properties").path("top").path("maximum").asInt()).isEqualTo(Sweep.MAX_TOP);
        assertThat(def("grid").path("properties").path("metric").path("default").asText()).isEqualTo(Sweep.DEFAULT_METRIC);
    }

    @Test
    void theReadmeListsEveryBuiltInStrategy() throws Exception {
        String row = Files.readAllLines(Path.of("..", "README.md")).stream().filter(l -> l.startsWith("| `strategy` | `key` (a built-in:"))
                .findFirst().orElseThrow();
        String keys = row.substring(row.indexOf("a built-in:") + "a built-in:".length(), row.indexOf(") and"));
        assertThat(Arrays.stream(keys.split(",")).map(k -> k.strip().replace("`", "")).toList()).isEqualTo(Strategies.keys());
    }

    @Test
    void everySampleScenarioParsesAndDeclaresTheSchema() throws Exception {
        Path samples = Path.of("..", "sdk-examples", "scenarios");
        List<Path> files;
        try (Stream<Path> s = Files.list(samples)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(3);
        for (Path f : files) {
            Scenario scenario = Scenarios.parse(f);
            assertThat(scenario.data()).as(f.toString()).isNotNull();
            JsonNode json = read(Files.readString(f));
            Path declared = f.getParent().resolve(json.path("$schema").asText()).normalize();
            assertThat(declared.toAbsolutePath().normalize()).as("%s points editors at the published schema", f)
                    .isEqualTo(Path.of("src/main/resources" + Scenarios.SCHEMA_RESOURCE).toAbsolutePath().normalize());
            assertThat(Files.isRegularFile(f.getParent().resolve(json.path("$schema").asText()))).as(f.toString()).isTrue();
        }
    }

    private static List<String> errors(String json) {
        try {
            Scenarios.parse(json, Path.of("."));
        } catch (dev.backtest.error.BacktestException e) {
            return ((List<?>) e.details().get("errors")).stream().map(x -> ((dev.backtest.error.FieldError) x).field()).toList();
        }
        throw new AssertionError("valid: " + json);
    }
}
