package dev.backtest.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backtest.sdk.cli.BacktestCli;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The sample scenario files of scenarios/ run through the command line, on the sample data, and their outputs parse. */
class ScenariosIT {

    @TempDir
    Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void sampleData() {
        System.setProperty("BACKTEST_DATA_DIR", dir.resolve("data").toString());
        System.setProperty("BACKTEST_SAMPLE_DATA", "true");
    }

    @AfterEach
    void clear() {
        System.clearProperty("BACKTEST_DATA_DIR");
        System.clearProperty("BACKTEST_SAMPLE_DATA");
    }

    private JsonNode run(String scenario, Path outDir) throws Exception {
        int code = BacktestCli.run(new String[] {"scenario", "run", Path.of("scenarios", scenario).toString(), "--out", outDir.toString()},
                new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(code).as(err.toString()).isZero();
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
    void aBadScenarioNamesTheJsonPath() throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"data\": {\"source\": \"store\", \"symbols\": [\"NOPE\"], \"timeframe\": \"1d\", \"start\": \"2024-01-01\","
                + " \"end\": \"2024-01-31\"}, \"strategy\": {\"key\": \"sma_cross\", \"params\": {\"fast\": 0}}}");
        int code = BacktestCli.run(new String[] {"scenario", "run", bad.toString(), "--out", dir.resolve("x").toString()},
                new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(code).isEqualTo(BacktestCli.BAD_INPUT);
        assertThat(err.toString()).contains("$.strategy.params.fast").contains("VALIDATION_FAILED");
        Files.writeString(bad, "{\"data\": {\"source\": \"store\", \"symbols\": [\"NOPE\"], \"timeframe\": \"1d\", \"start\": \"2024-01-01\","
                + " \"end\": \"2024-01-31\"}, \"strategy\": {\"key\": \"sma_cross\"}}");
        assertThat(BacktestCli.run(new String[] {"scenario", "run", bad.toString(), "--out", dir.resolve("x").toString()},
                new PrintWriter(out, true), new PrintWriter(err, true))).isEqualTo(BacktestCli.BAD_INPUT);
        assertThat(err.toString()).contains("$.data.symbols[0]").contains("unknown symbol NOPE");
        assertThat(BacktestCli.run(new String[] {"scenario", "run", "--help"}, new PrintWriter(out, true), new PrintWriter(err, true))).isZero();
        assertThat(out.toString()).contains("--out");
        assertThat(BacktestCli.run(new String[] {"scenario", "check", Path.of("scenarios", "portfolio.json").toString()},
                new PrintWriter(out, true), new PrintWriter(err, true))).isZero();
        assertThat(BacktestCli.run(new String[] {"scenario", "schema"}, new PrintWriter(out, true), new PrintWriter(err, true))).isZero();
        assertThat(out.toString()).contains("\"walk_forward\"");
    }
}
