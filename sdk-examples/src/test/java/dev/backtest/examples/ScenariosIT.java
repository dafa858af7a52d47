package dev.backtest.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.BacktestClient;
import dev.backtest.sdk.scenario.Scenario;
import dev.backtest.sdk.scenario.ScenarioResult;
import dev.backtest.sdk.scenario.Scenarios;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The sample scenario files of scenarios/ run through the SDK (as {@code backtest-cli scenario run FILE --out DIR} does; the
 * command itself is tested in the SDK's BacktestCliIT, picocli not being on this module's class path), on the sample
 * data, and their outputs parse.
 */
class ScenariosIT {

    @TempDir
    Path dir;
    private final StringWriter out = new StringWriter();

    private BacktestClient client;

    @BeforeEach
    void sampleData() {
        client = BacktestClient.builder().embedded(dir.resolve("data")).sampleData(true).build();
    }

    @AfterEach
    void close() {
        client.close();
    }

    private JsonNode run(String scenario, Path outDir) throws Exception {
        ScenarioResult r = Scenarios.run(Scenarios.parse(Path.of("scenarios", scenario)), client.marketData());
        r.writeTo(outDir);
        if (r.bestParams() != null) {
            out.write("best parameters: " + r.bestParams());
        }
        for (String f : List.of("stats.json", "trades.csv", "equity.csv", "report.html")) {
            assertThat(outDir.resolve(f)).as(scenario).isRegularFile();
        }
        assertThat(Files.readString(outDir.resolve("report.html"))).startsWith("<!DOCTYPE html>");
        return new ObjectMapper().readTree(outDir.resolve("stats.json").toFile());
    }

    private static List<CSVRecord> rows(Path f) throws Exception {
        return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(Files.readString(f))).getRecords();
    }

    @Test
    void strategyScenarioOnStoredBars() throws Exception {
        Path o = dir.resolve("sma");
        JsonNode stats = run("sma-cross.json", o);
        assertThat(rows(o.resolve("trades.csv"))).hasSize(stats.path("trades").asInt()).isNotEmpty();
        List<CSVRecord> equity = rows(o.resolve("equity.csv"));
        assertThat(Double.parseDouble(equity.get(equity.size() - 1).get("equity"))).isEqualTo(stats.path("equity_final").asDouble());
    }

    @Test
    void gridScenarioOnACsvFileWritesTheSweepTable() throws Exception {
        Path o = dir.resolve("grid");
        run("sma-grid.json", o);
        List<CSVRecord> sweep = rows(o.resolve("sweep.csv"));
        assertThat(sweep).hasSizeBetween(1, 5);
        assertThat(sweep.get(0).get("rank")).isEqualTo("1");
        assertThat(Integer.parseInt(sweep.get(0).get("fast"))).isLessThan(Integer.parseInt(sweep.get(0).get("slow")));
        assertThat(new ObjectMapper().readTree(o.resolve("sweep.json").toFile()).path("best")).hasSize(sweep.size());
        assertThat(out.toString()).contains("best parameters: {");
    }

    @Test
    void portfolioScenarioOnStoredBars() throws Exception {
        Path o = dir.resolve("portfolio");
        JsonNode stats = run("portfolio.json", o);
        assertThat(stats.isObject()).isTrue();
        assertThat(rows(o.resolve("trades.csv"))).isNotEmpty().allSatisfy(r -> assertThat(r.get("symbol")).isIn("BTC", "ETH", "EURUSD"));
        assertThat(rows(o.resolve("equity.csv"))).isNotEmpty();
    }

    @Test
    void walkForwardScenarioWritesTheOutOfSampleOutputs() throws Exception {
        Path o = dir.resolve("wf");
        ScenarioResult r = Scenarios.run(Scenarios.parse(Path.of("scenarios", "walk-forward.json")), client.marketData());
        assertThat(r.writeTo(o)).extracting(f -> f.getFileName().toString())
                .containsExactly("stats.json", "equity.csv", "walk_forward.json", "report.html");
        JsonNode doc = new ObjectMapper().readTree(o.resolve("walk_forward.json").toFile());
        assertThat(doc.path("mode").asText()).isEqualTo("rolling");
        assertThat(doc.path("windows").size()).isGreaterThanOrEqualTo(2);
        doc.path("windows").forEach(w -> assertThat(w.path("params").path("fast").asInt()).isLessThan(w.path("params").path("slow").asInt()));
        List<CSVRecord> equity = rows(o.resolve("equity.csv"));
        assertThat(equity).hasSize(doc.path("windows").size() * 60);
        JsonNode stats = new ObjectMapper().readTree(o.resolve("stats.json").toFile());
        assertThat(Double.parseDouble(equity.get(equity.size() - 1).get("equity"))).isEqualTo(stats.path("equity_final").asDouble());
        assertThat(Files.readString(o.resolve("report.html"))).startsWith("<!DOCTYPE html>");
    }

    @Test
    void aBadScenarioNamesTheJsonPath() throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"data\": {\"source\": \"store\", \"symbols\": [\"NOPE\"], \"timeframe\": \"1d\", \"start\": \"2024-01-01\","
                + " \"end\": \"2024-01-31\"}, \"strategy\": {\"key\": \"sma_cross\", \"params\": {\"fast\": 0}}}");
        BacktestException e = catchThrowableOfType(() -> Scenarios.parse(bad), BacktestException.class);
        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(e.getMessage()).contains("$.strategy.params.fast");
        Files.writeString(bad, "{\"data\": {\"source\": \"store\", \"symbols\": [\"NOPE\"], \"timeframe\": \"1d\", \"start\": \"2024-01-01\","
                + " \"end\": \"2024-01-31\"}, \"strategy\": {\"key\": \"sma_cross\"}}");
        Scenario unknown = Scenarios.parse(bad);
        assertThat(catchThrowableOfType(() -> Scenarios.run(unknown, client.marketData()), BacktestException.class).getMessage())
                .contains("$.data.symbols[0]").contains("unknown symbol NOPE");
    }
}
