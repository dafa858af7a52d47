package dev.backtest.sdk.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.RunOptions;
import dev.backtest.engine.Sweep;
import dev.backtest.engine.WalkForward;
import dev.backtest.engine.WalkForwardResult;
import dev.backtest.engine.strategies.Strategies;
import dev.backtest.error.BacktestException;
import dev.backtest.sdk.csv.CsvCandles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code walkforward} command on a CSV file written here, against the engine's own walk-forward. */
class WalkForwardCommandTest {

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = BacktestCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    /** 300 daily bars of a seeded random walk. */
    private Path csv() throws Exception {
        Random r = new Random(5);
        StringBuilder sb = new StringBuilder("time,open,high,low,close,volume\n");
        double price = 100;
        for (int i = 0; i < 300; i++) {
            double open = price;
            double close = open * Math.exp(r.nextGaussian() * 0.015);
            sb.append(LocalDate.of(2023, 1, 1).plusDays(i)).append(',').append(open).append(',')
                    .append(Math.max(open, close) * 1.005).append(',').append(Math.min(open, close) * 0.995).append(',')
                    .append(close).append(",1000\n");
            price = close;
        }
        Path file = dir.resolve("rw.csv");
        Files.writeString(file, sb.toString());
        return file;
    }

    @Test
    void printsTheWindowsAsJsonAsTheEngineComputesThem() throws Exception {
        Path file = csv();
        Run r = run("walkforward", "--csv", file.toString(), "--strategy", "sma_cross", "--grid", "fast=3:9:3",
                "--grid", "slow=12,20", "--constraint", "fast < slow", "--metric", "return_pct", "--train", "100",
                "--test", "50", "--mode", "anchored", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode doc = new ObjectMapper().readTree(r.out());

        Map<String, List<?>> grid = new LinkedHashMap<>();
        grid.put("fast", List.of(3, 6, 9));
        grid.put("slow", List.of(12, 20));
        CandleSeries series = CsvCandles.read(file);
        WalkForwardResult expected = WalkForward.of(Sweep.of(grid).fixed(Strategies.spec("sma_cross").defaults())
                        .constraint("fast < slow").metric("return_pct"), 100, 50).mode(WalkForward.Mode.ANCHORED)
                .run(series, Strategies.spec("sma_cross")::create, RunOptions.defaults());
        assertThat(doc.get("mode").asText()).isEqualTo("anchored");
        assertThat(doc.get("windows")).hasSize(4);
        for (int k = 0; k < 4; k++) {
            JsonNode w = doc.get("windows").get(k);
            WalkForwardResult.Window e = expected.windows().get(k);
            assertThat(w.get("train_first").asInt()).isZero();
            assertThat(w.get("train_last").asInt()).isEqualTo(99 + 50 * k);
            assertThat(w.get("test_first").asInt()).isEqualTo(100 + 50 * k);
            assertThat(w.get("params").get("fast").asInt()).isEqualTo(e.params().get("fast"));
            assertThat(w.get("params").get("slow").asInt()).isEqualTo(e.params().get("slow"));
            assertThat(w.get("end_equity").asDouble()).isEqualTo(e.endEquity());
        }
        assertThat(doc.get("out_of_sample").get("equity_final").asDouble()).isEqualTo(expected.outOfSample().equityFinal());
        assertThat(doc.get("efficiency").isNull() || doc.get("efficiency").isNumber()).isTrue();
    }

    @Test
    void printsAWindowsTableAndTheSummary() throws Exception {
        Run r = run("walkforward", "--csv", csv().toString(), "--strategy", "sma_cross", "--grid", "fast=5,10",
                "--grid", "slow=20", "--train", "120", "--test", "60");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("walk-forward rolling, train 120, test 60, step 60", "IS metric", "OOS metric",
                "0-119", "120-179", "60-179", "180-239", "walk_forward_efficiency", "return_pct");
    }

    @Test
    void badInputExitsWithTwoNamingTheProblem() throws Exception {
        String file = csv().toString();
        Run tooLong = run("walkforward", "--csv", file, "--strategy", "sma_cross", "--grid", "fast=5", "--train", "280",
                "--test", "50");
        assertThat(tooLong.code()).isEqualTo(2);
        assertThat(tooLong.err()).contains("train_bars", "300 bars");
        Run badGrid = run("walkforward", "--csv", file, "--strategy", "sma_cross", "--grid", "fast", "--train", "100",
                "--test", "50");
        assertThat(badGrid.code()).isEqualTo(2);
        assertThat(badGrid.err()).contains("--grid 'fast'");
        Run badMode = run("walkforward", "--csv", file, "--strategy", "sma_cross", "--grid", "fast=5", "--train", "100",
                "--test", "50", "--mode", "sideways");
        assertThat(badMode.code()).isEqualTo(2);
        assertThat(badMode.err()).contains("rolling", "anchored");
        Run both = run("walkforward", "--csv", file, "--symbol", "BTC", "--strategy", "sma_cross", "--grid", "fast=5",
                "--train", "100", "--test", "50");
        assertThat(both.code()).isEqualTo(2);
        Run neither = run("walkforward", "--strategy", "sma_cross", "--grid", "fast=5", "--train", "100", "--test", "50");
        assertThat(neither.code()).isEqualTo(2);
        assertThat(neither.err()).contains("--csv");
    }

    @Test
    void gridEntriesAreListsOrInclusiveRanges() {
        Map<String, List<?>> g = WalkForwardCommand.parseGrid(List.of("fast=5:20:5", "slow= 30, 50 ", "k=0.5:1.0:0.25",
                "kind=long,short", "x=1.5,2"));
        assertThat(g.get("fast")).isEqualTo(List.of(5, 10, 15, 20));
        assertThat(g.get("slow")).isEqualTo(List.of(30, 50));
        assertThat(g.get("k")).isEqualTo(List.of(0.5, 0.75, 1.0));
        assertThat(g.get("kind")).isEqualTo(List.of("long", "short"));
        assertThat(g.get("x")).isEqualTo(List.of(1.5, 2));
        assertThat(List.copyOf(g.keySet())).containsExactly("fast", "slow", "k", "kind", "x");
        for (String bad : List.of("=1", "a=", "a=1:2", "a=1:x:1", "a=5:1:1", "a=1:5:0", "a=1,,2", "a=0:100000:1")) {
            assertThatThrownBy(() -> WalkForwardCommand.parseGrid(List.of(bad))).as(bad)
                    .isInstanceOf(BacktestException.class).hasMessageContaining("--grid '" + bad + "'");
        }
        assertThat(Strategies.spec("sma_cross").defaults()).containsKeys("fast", "slow");
    }
}
