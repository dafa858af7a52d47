package dev.backtest.sdk.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backtest.engine.RunOptions;
import dev.backtest.engine.Sweep;
import dev.backtest.engine.WalkForward;
import dev.backtest.engine.WalkForwardResult;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.error.FieldError;
import dev.backtest.sdk.BacktestClient;
import dev.backtest.sdk.csv.CsvCandles;
import dev.backtest.sdk.testing.TestDatabases;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Scenario files on CSV data: parsing, every error under its JSON path, runs and their outputs. */
class ScenariosTest {

    @TempDir
    Path dir;

    private Path csv(String name, long seed) throws Exception {
        StringBuilder sb = new StringBuilder("time,open,high,low,close,volume\n");
        SplittableRandom r = new SplittableRandom(seed);
        double p = 100;
        java.time.LocalDate d = java.time.LocalDate.of(2020, 1, 1);
        for (int i = 0; i < 400; i++) {
            double o = p;
            p *= 1 + 0.02 * r.nextGaussian();
            sb.append(d.plusDays(i)).append("T00:00:00Z,").append(o).append(',').append(Math.max(o, p) * 1.01).append(',')
                    .append(Math.min(o, p) * 0.99).append(',').append(p).append(",1000\n");
        }
        Path f = dir.resolve("data/" + name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, sb.toString());
        return f;
    }

    private Path scenario(String json) throws Exception {
        Path f = dir.resolve("scenario.json");
        Files.writeString(f, json);
        return f;
    }

    private static List<String> fields(Throwable t) {
        BacktestException e = (BacktestException) t;
        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        return ((List<?>) e.details().get("errors")).stream().map(x -> ((FieldError) x).field()).toList();
    }

    private static List<String> errorsOf(String json) {
        return fields(catchThrowableOfType(() -> Scenarios.parse(json, Path.of(".")), BacktestException.class));
    }

    private static List<CSVRecord> rows(Path f) throws Exception {
        return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(Files.readString(f))).getRecords();
    }

    @Test
    void strategyScenarioOnACsvFileWritesItsOutputs() throws Exception {
        csv("x.csv", 1);
        Scenario s = Scenarios.parse(scenario("""
                {"name": "x", "data": {"source": "csv", "files": {"X": "data/x.csv"}},
                 "strategy": {"key": "sma_cross", "params": {"fast": 5, "slow": 20}},
                 "options": {"cash": 5000, "commission": 0, "finalize_trades": true}}"""));
        assertThat(s.strategy().params()).containsEntry("fast", 5).containsEntry("slow", 20).containsKey("direction");
        assertThat(s.options().runOptions().cash()).isEqualTo(5000);
        ScenarioResult r = Scenarios.run(s, null);
        List<Path> files = r.writeTo(dir.resolve("out"));
        assertThat(files).extracting(f -> f.getFileName().toString())
                .containsExactly("stats.json", "trades.csv", "equity.csv", "report.html");
        JsonNode stats = new ObjectMapper().readTree(dir.resolve("out/stats.json").toFile());
        assertThat(rows(dir.resolve("out/trades.csv"))).hasSize(stats.path("trades").asInt()).isNotEmpty();
        List<CSVRecord> equity = rows(dir.resolve("out/equity.csv"));
        assertThat(equity).hasSize(400);
        assertThat(Double.parseDouble(equity.get(399).get("equity"))).isEqualTo(stats.path("equity_final").asDouble());
        assertThat(Files.readString(dir.resolve("out/report.html"))).contains("id=\"equity-chart\"");
        assertThat(r.series().symbol()).isEqualTo("X");
    }

    @Test
    void gridRunsTheSweepAndThenItsBest() throws Exception {
        csv("x.csv", 2);
        Scenario s = Scenarios.parse(scenario("""
                {"data": {"source": "csv", "files": {"X": "data/x.csv"}}, "strategy": {"key": "sma_cross"},
                 "grid": {"params": {"fast": [5, 10], "slow": [20, 40]}, "constraint": "fast < slow", "metric": "return_pct", "top": 3}}"""));
        ScenarioResult r = Scenarios.run(s, null);
        assertThat(r.sweep().best()).hasSize(3);
        assertThat(r.bestParams()).isEqualTo(r.sweep().best().get(0).params());
        assertThat(r.result().stats().returnPct()).isEqualTo(r.sweep().best().get(0).stats().returnPct());
        List<Path> files = r.writeTo(dir.resolve("grid"));
        assertThat(files).extracting(f -> f.getFileName().toString()).contains("sweep.json", "sweep.csv");
        List<CSVRecord> table = rows(dir.resolve("grid/sweep.csv"));
        assertThat(table).hasSize(3);
        assertThat(table.get(0).get("rank")).isEqualTo("1");
        assertThat(Double.parseDouble(table.get(0).get("return_pct"))).isEqualTo(r.sweep().best().get(0).metric());
        assertThat(new ObjectMapper().readTree(dir.resolve("grid/sweep.json").toFile()).path("best")).hasSize(3);
    }

    @Test
    void walkForwardScenarioEqualsTheEnginesWalkForward() throws Exception {
        Path file = csv("x.csv", 5);
        Scenario s = Scenarios.parse(scenario("""
                {"name": "wf", "data": {"source": "csv", "files": {"X": "data/x.csv"}},
                 "strategy": {"key": "sma_cross", "params": {"direction": "long_only"}},
                 "options": {"cash": 5000, "commission": 0.001},
                 "grid": {"params": {"fast": [5, 10], "slow": [20, 40]}, "constraint": "fast < slow", "metric": "return_pct"},
                 "walk_forward": {"train_bars": 150, "test_bars": 50, "step": 60, "mode": "anchored"}}"""));
        assertThat(s.walkForward()).isEqualTo(new Scenario.WalkForward(150, 50, 60, "anchored"));
        ScenarioResult r = Scenarios.run(s, null);
        WalkForwardResult wf = r.walkForward();
        assertThat(r.result()).isNull();
        assertThat(r.sweepJson()).isNull();
        assertThat(r.tradesCsv()).isNull();

        WalkForwardResult expected;
        Map<String, List<Object>> grid = new java.util.LinkedHashMap<>();
        grid.put("fast", List.of(5, 10));
        grid.put("slow", List.of(20, 40));
        try (BacktestClient client = BacktestClient.builder().ignoreEnvironment().embedded(dir.resolve("store"))
                .databaseUrl(TestDatabases.freshH2()).build()) {
            expected = client.engine().walkForward(CsvCandles.read(file),
                    WalkForward.of(Sweep.of(grid).constraint("fast < slow")
                            .metric("return_pct").fixed(Map.of("direction", "long_only")), 150, 50, 60, WalkForward.Mode.ANCHORED),
                    "sma_cross", RunOptions.builder().cash(5000).commission(0.001).build());
        }
        assertThat(wf.windows()).hasSize(expected.windows().size()).hasSizeGreaterThanOrEqualTo(3);
        for (int k = 0; k < wf.windows().size(); k++) {
            assertThat(wf.windows().get(k).params()).isEqualTo(expected.windows().get(k).params());
            assertThat(wf.windows().get(k).testFirst()).isEqualTo(expected.windows().get(k).testFirst());
        }
        assertThat(wf.windows().get(1).trainFirst()).isZero();
        assertThat(wf.equity()).containsExactly(expected.equity());
        assertThat(wf.time()).containsExactly(expected.time());
        assertThat(wf.outOfSample().returnPct()).isEqualTo(expected.outOfSample().returnPct());

        List<Path> files = r.writeTo(dir.resolve("wf"));
        assertThat(files).extracting(f -> f.getFileName().toString())
                .containsExactly("stats.json", "equity.csv", "walk_forward.json", "report.html");
        JsonNode doc = new ObjectMapper().readTree(dir.resolve("wf/walk_forward.json").toFile());
        assertThat(doc.path("mode").asText()).isEqualTo("anchored");
        assertThat(doc.path("windows")).hasSize(wf.windows().size());
        assertThat(doc.path("equity").path("equity")).hasSize(wf.equity().length);
        List<CSVRecord> equity = rows(dir.resolve("wf/equity.csv"));
        assertThat(equity).hasSize(wf.equity().length);
        assertThat(Double.parseDouble(equity.get(equity.size() - 1).get("equity"))).isEqualTo(wf.equity()[wf.equity().length - 1]);
        assertThat(new ObjectMapper().readTree(dir.resolve("wf/stats.json").toFile()).path("return_pct").asDouble())
                .isEqualTo(wf.outOfSample().returnPct());
        assertThat(Files.readString(dir.resolve("wf/report.html"))).startsWith("<!DOCTYPE html>").contains("walk-forward out of sample");
        // the report needs the bars the walk-forward ran on
        assertThat(catchThrowableOfType(() -> dev.backtest.sdk.report.ReportData.ofWalkForward("t", r.series().slice(0, 100), wf),
                BacktestException.class).code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
    }

    @Test
    void walkForwardErrorsNameTheirPaths() throws Exception {
        csv("x.csv", 6);
        String data = "\"data\": {\"source\": \"csv\", \"files\": {\"X\": \"data/x.csv\"}}";
        // without a grid; for a portfolio; windows too short or overlapping
        assertThat(errorsOf("{" + data + ", \"strategy\": {\"key\": \"sma_cross\"},"
                + " \"walk_forward\": {\"train_bars\": 100, \"test_bars\": 50}}")).containsExactly("$.walk_forward");
        assertThat(errorsOf("{" + data + ", \"portfolio\": {\"weighting\": \"equal\", \"rebalance\": \"monthly\"},"
                + " \"grid\": {\"params\": {\"max_weight\": [0.5, 1]}}, \"walk_forward\": {\"train_bars\": 100, \"test_bars\": 50}}"))
                .containsExactly("$.walk_forward");
        assertThat(errorsOf("{" + data + ", \"strategy\": {\"key\": \"sma_cross\"}, \"grid\": {\"params\": {\"fast\": [5]}},"
                + " \"walk_forward\": {\"train_bars\": 1, \"test_bars\": 50, \"step\": 20}}"))
                .containsExactlyInAnyOrder("$.walk_forward.train_bars", "$.walk_forward.step");
        // 400 bars: one window needs 300 + 200
        Scenario tooFew = Scenarios.parse(scenario("{" + data + ", \"strategy\": {\"key\": \"sma_cross\"},"
                + " \"grid\": {\"params\": {\"fast\": [5, 10]}}, \"walk_forward\": {\"train_bars\": 300, \"test_bars\": 200}}"));
        BacktestException e = catchThrowableOfType(() -> Scenarios.run(tooFew, null), BacktestException.class);
        assertThat(fields(e)).containsExactly("$.walk_forward.train_bars");
        assertThat(e.getMessage()).contains("400 bars");
        // a grid the strategy refuses entirely
        Scenario refused = Scenarios.parse(scenario("{" + data + ", \"strategy\": {\"key\": \"sma_cross\"},"
                + " \"grid\": {\"params\": {\"fast\": [50], \"slow\": [10]}}, \"walk_forward\": {\"train_bars\": 200, \"test_bars\": 50}}"));
        assertThat(fields(catchThrowableOfType(() -> Scenarios.run(refused, null), BacktestException.class))).containsExactly("$.grid");
    }

    @Test
    void portfolioScenarioOnCsvFiles() throws Exception {
        csv("a.csv", 3);
        csv("b.csv", 4);
        Scenario s = Scenarios.parse(scenario("""
                {"data": {"source": "csv", "files": {"A": "data/a.csv", "B": "data/b.csv"}},
                 "portfolio": {"weighting": "fixed", "weights": {"A": 0.6, "B": 0.4}, "rebalance": "monthly", "benchmark": "A"},
                 "options": {"cash": 1000, "fractional_units": true}}"""));
        ScenarioResult r = Scenarios.run(s, null);
        assertThat(r.portfolio().symbols()).containsExactly("A", "B");
        assertThat(r.benchmark().symbol()).isEqualTo("A");
        r.writeTo(dir.resolve("p"));
        assertThat(rows(dir.resolve("p/trades.csv"))).hasSize(r.portfolio().fills().size()).isNotEmpty();
        assertThat(rows(dir.resolve("p/equity.csv"))).hasSize(r.portfolio().time().length);

        Scenario swept = Scenarios.parse(scenario("""
                {"data": {"source": "csv", "files": {"A": "data/a.csv", "B": "data/b.csv"}},
                 "portfolio": {"weighting": "equal", "rebalance": "monthly"},
                 "grid": {"params": {"schedule": ["monthly", "quarterly"], "max_weight": [0.5, 0.7]}, "metric": "return_pct", "top": 2}}"""));
        ScenarioResult sr = Scenarios.run(swept, null);
        assertThat(sr.portfolioSweep().best()).hasSize(2);
        assertThat(sr.portfolio().stats().returnPct()).isEqualTo(sr.portfolioSweep().best().get(0).stats().returnPct());
        assertThat(sr.sweepCsv()).startsWith("rank,schedule,max_weight,return_pct\r\n");
        assertThat(sr.sweepJson()).contains("\"best\"");
    }

    @Test
    void everyProblemIsReportedUnderItsJsonPath() {
        assertThat(errorsOf("""
                {"data": {"source": "store", "symbols": ["BTC", "bad symbol"], "timeframe": "2h", "start": "2024-01-31", "end": "2024-01-01"},
                 "strategy": {"key": "sma_cross", "params": {"fast": 0, "speed": 3}},
                 "options": {"cash": -1, "colour": "red"}, "extra": 1}"""))
                .containsExactlyInAnyOrder("$.extra", "$.data.symbols[1]", "$.data.timeframe", "$.data.end",
                        "$.strategy.params.fast", "$.strategy.params.speed", "$.options.colour", "$.options.cash");
        assertThat(errorsOf("{\"data\": {\"source\": \"ftp\"}}")).containsExactlyInAnyOrder("$", "$.data.source");
        assertThat(errorsOf("{\"data\": {\"source\": \"csv\", \"files\": {\"A\": \"a.csv\"}, \"start\": \"2024-01-01\"},"
                + " \"strategy\": {\"key\": \"nope\"}, \"portfolio\": {\"weighting\": \"equal\", \"rebalance\": \"monthly\"}}"))
                .containsExactlyInAnyOrder("$", "$.data.start", "$.strategy.key");
        assertThat(errorsOf("{\"data\": {\"source\": \"csv\", \"files\": {\"A\": \"a.csv\", \"B\": \"b.csv\"}},"
                + " \"portfolio\": {\"weighting\": \"fixed\", \"weights\": {\"C\": 0.5}, \"lookback\": 1, \"rebalance\": \"hourly\","
                + " \"max_weight\": 2, \"threshold\": 1, \"benchmark\": \"Z\"}, \"options\": {\"spread\": 0.01}}"))
                .containsExactlyInAnyOrder("$.portfolio.weights.C", "$.portfolio.lookback", "$.portfolio.rebalance",
                        "$.portfolio.max_weight", "$.portfolio.threshold", "$.portfolio.benchmark", "$.options.spread");
        assertThat(errorsOf("{\"data\": {\"source\": \"csv\", \"files\": {\"A\": \"a.csv\"}}, \"strategy\": {\"key\": \"sma_cross\"},"
                + " \"grid\": {\"params\": {\"fast\": [5, \"x\"], \"nope\": [1], \"slow\": []}, \"metric\": \"luck\", \"top\": 0},"
                + " \"walk_forward\": {\"train_bars\": 0, \"mode\": \"sideways\"}}"))
                .containsExactlyInAnyOrder("$.grid.params.fast[1]", "$.grid.params.nope", "$.grid.params.slow", "$.grid.metric",
                        "$.grid.top", "$.walk_forward.train_bars", "$.walk_forward.test_bars", "$.walk_forward.mode");
        assertThat(errorsOf("{\"data\": {\"source\": \"csv\", \"files\": {\"A\": \"a.csv\"}}, \"strategy\": {\"key\": \"sma_cross\"},"
                + " \"grid\": {\"params\": {\"fast\": [5, 10]}, \"constraint\": \"fast <\"}}"))
                .containsExactly("$.grid.constraint");
        assertThat(errorsOf("[1]")).containsExactly("$");
        assertThat(errorsOf("{\"data\": ")).containsExactly("$");
        assertThat(errorsOf("{\"data\": {\"source\": \"csv\", \"files\": {\"a b\": 3}}, \"strategy\": {\"key\": \"buy_and_hold\"}}"))
                .containsExactlyInAnyOrder("$.data.files['a b']", "$.data.files");
    }

    @Test
    void dataProblemsAreRefusedAtRunTime() throws Exception {
        Scenario missing = Scenarios.parse(scenario("""
                {"data": {"source": "csv", "files": {"X": "data/none.csv"}}, "strategy": {"key": "buy_and_hold"}}"""));
        assertThat(fields(catchThrowableOfType(() -> Scenarios.run(missing, null), BacktestException.class)))
                .containsExactly("$.data.files.X");
        Scenario overHttp = Scenarios.parse("""
                {"data": {"source": "csv", "files": {"X": "x.csv"}}, "strategy": {"key": "buy_and_hold"}}""", null);
        assertThat(fields(catchThrowableOfType(() -> Scenarios.run(overHttp, null), BacktestException.class)))
                .containsExactly("$.data.source");
        Scenario stored = Scenarios.parse("""
                {"data": {"source": "store", "symbols": ["X"], "timeframe": "1d", "start": "2024-01-01", "end": "2024-01-02"},
                 "strategy": {"key": "buy_and_hold"}}""", null);
        assertThat(fields(catchThrowableOfType(() -> Scenarios.run(stored, null), BacktestException.class)))
                .containsExactly("$.data.source");
        assertThat(fields(catchThrowableOfType(() -> Scenarios.parse(dir.resolve("nothing.json")), BacktestException.class)))
                .containsExactly("$");
    }
}
