package dev.backtest.sdk.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line on embedded defaults in a temporary data directory. */
class BacktestCliIT extends EmbeddedCliTest {

    @Test
    void listsTheSampleSymbolsWithTheirRanges() {
        assertThat(run("symbols")).isZero();
        assertThat(out.toString()).contains("BTC").contains("ETH").contains("EURUSD").contains("2023-01-01 .. 2024-12-31");
    }

    @Test
    void printsCandlesAsCsv() {
        assertThat(run("candles", "--symbol", "BTC", "--start", "2024-01-01", "--end", "2024-01-03", "--timeframe", "1d")).isZero();
        String[] lines = out.toString().strip().split("\n");
        assertThat(lines[0]).isEqualTo("time,open,high,low,close,volume");
        assertThat(lines).hasSize(4);
        assertThat(lines[1]).startsWith("2024-01-01T00:00:00Z,");
    }

    @Test
    void badSymbolExitsWithTwoAndSaysWhy() {
        assertThat(run("candles", "--symbol", "../etc", "--start", "2024-01-01", "--end", "2024-01-03")).isEqualTo(2);
        assertThat(err.toString()).contains("symbol '../etc' is not valid").contains("INVALID_SYMBOL");
    }

    @Test
    void badDateOrTimeframeExitsWithTwo() {
        assertThat(run("candles", "--symbol", "BTC", "--start", "yesterday", "--end", "2024-01-03")).isEqualTo(2);
        assertThat(err.toString()).contains("--start");
        assertThat(run("candles", "--symbol", "BTC", "--start", "2024-01-01", "--end", "2024-01-03", "--timeframe", "2h")).isEqualTo(2);
        assertThat(err.toString()).contains("timeframe '2h' is not valid");
    }

    @Test
    void importsACsvAndServesItsCandles() throws Exception {
        Path csv = dir.resolve("xyz.csv");
        java.nio.file.Files.writeString(csv, "time,open,high,low,close,volume\n"
                + "2022-03-01T00:00:00Z,10,11,9,10.5,100\n2022-03-01T00:01:00Z,10.5,12,10,11,50\n");
        assertThat(run("import", "--symbol", "XYZ", csv.toString())).isZero();
        assertThat(out.toString()).contains("imported 2 rows of XYZ");
        assertThat(run("candles", "--symbol", "XYZ", "--start", "2022-03-01", "--end", "2022-03-01", "--timeframe", "1d")).isZero();
        assertThat(out.toString()).contains("2022-03-01T00:00:00Z,10.0,12.0,9.0,11.0,150.0");
    }

    @Test
    void importOfABadFileExitsWithTwoNamingTheRow() throws Exception {
        Path csv = dir.resolve("bad.csv");
        java.nio.file.Files.writeString(csv, "time,open,high,low,close\n2022-03-01T00:00:00Z,10,9,11,10\n");
        assertThat(run("import", "--symbol", "XYZ", csv.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("VALIDATION_FAILED").contains("row 1");
        assertThat(run("import", "--symbol", "XYZ", dir.resolve("missing.csv").toString())).isEqualTo(2);
    }

    /** A pandas-style daily CSV (unnamed first column) of a deterministic random walk. */
    private Path dailyCsv(int days) throws Exception {
        StringBuilder sb = new StringBuilder(",Open,High,Low,Close,Volume\n");
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        double p = 100;
        java.time.LocalDate d = java.time.LocalDate.of(2020, 1, 1);
        for (int i = 0; i < days; i++) {
            double o = p;
            p *= 1 + 0.02 * r.nextGaussian();
            sb.append(d.plusDays(i)).append(',').append(o).append(',').append(Math.max(o, p) * 1.01).append(',')
                    .append(Math.min(o, p) * 0.99).append(',').append(p).append(',').append(1000 + i).append('\n');
        }
        Path csv = dir.resolve("walk.csv");
        java.nio.file.Files.writeString(csv, sb.toString());
        return csv;
    }

    @Test
    void runPrintsOneJsonObjectWithStatsTradesAndOptions() throws Exception {
        Path csv = dailyCsv(300);
        assertThat(run("run", "--csv", csv.toString(), "--strategy", "sma_cross", "--param", "fast=10", "--param", "slow=30",
                "--cash", "10000", "--commission", "0.002", "--format", "json")).isZero();
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toString());
        assertThat(json.fieldNames()).toIterable().containsExactly("stats", "trades", "options");
        assertThat(json.path("stats").path("trades").asInt()).isEqualTo(json.path("trades").size()).isPositive();
        assertThat(json.path("stats").has("max_drawdown_duration_days")).isTrue();
        assertThat(json.path("options").path("commission").asDouble()).isEqualTo(0.002);
        assertThat(json.path("options").path("cash").asDouble()).isEqualTo(10000);
    }

    @Test
    void runsTheChartPatternStrategy() throws Exception {
        Path csv = dailyCsv(1000);
        assertThat(run("run", "--csv", csv.toString(), "--strategy", "pattern_breakout", "--param", "zigzag_pct=6",
                "--param", "kinds=all", "--param", "target=1.5", "--param", "direction=long_only", "--finalize-trades",
                "--format", "json")).isZero();
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toString());
        assertThat(json.path("trades").size()).isPositive();
        json.path("trades").forEach(t -> assertThat(t.path("size").asDouble()).isPositive());
        assertThat(run("run", "--csv", csv.toString(), "--strategy", "pattern_breakout", "--param", "kinds=wedge")).isEqualTo(2);
        assertThat(err.toString()).contains("parameters.kinds").contains("head_and_shoulders");
    }

    @Test
    void runWritesTradesEquityAndStatsFiles() throws Exception {
        Path csv = dailyCsv(300);
        Path trades = dir.resolve("out/trades.csv");
        Path equity = dir.resolve("out/equity.csv");
        Path stats = dir.resolve("out/stats.json");
        assertThat(run("run", "--csv", csv.toString(), "--strategy", "sma_cross", "--param", "fast=10", "--param", "slow=30",
                "--trades-csv", trades.toString(), "--equity-csv", equity.toString(), "--stats-json", stats.toString())).isZero();
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(java.nio.file.Files.readString(stats));
        List<String> tradeLines = java.nio.file.Files.readAllLines(trades);
        assertThat(tradeLines.get(0)).startsWith("seq,entry_time,exit_time,side,size");
        assertThat(tradeLines).hasSize(json.path("trades").asInt() + 1);
        List<String> equityLines = java.nio.file.Files.readAllLines(equity);
        assertThat(equityLines.get(0)).isEqualTo("bar,time,equity,drawdown");
        assertThat(equityLines).hasSize(301);
        assertThat(Double.parseDouble(equityLines.get(300).split(",")[2])).isEqualTo(json.path("equity_final").asDouble());
    }

    @Test
    void scenarioRunWritesTheOutputsAndNamesJsonPathsInErrors() throws Exception {
        Path csv = dailyCsv(300);
        Path scenario = dir.resolve("s.json");
        java.nio.file.Files.writeString(scenario, "{\"data\": {\"source\": \"csv\", \"files\": {\"W\": \"" + csv.getFileName()
                + "\"}}, \"strategy\": {\"key\": \"sma_cross\"}, \"grid\": {\"params\": {\"fast\": [5, 10], \"slow\": [30]}}}");
        assertThat(run("scenario", "run", scenario.toString(), "--out", dir.resolve("out").toString())).as(err.toString()).isZero();
        for (String f : List.of("stats.json", "trades.csv", "equity.csv", "report.html", "sweep.json", "sweep.csv")) {
            assertThat(dir.resolve("out").resolve(f)).isRegularFile();
        }
        assertThat(out.toString()).contains("best parameters:");
        Path wf = dir.resolve("wf.json");
        java.nio.file.Files.writeString(wf, "{\"data\": {\"source\": \"csv\", \"files\": {\"W\": \"" + csv.getFileName()
                + "\"}}, \"strategy\": {\"key\": \"sma_cross\"}, \"grid\": {\"params\": {\"fast\": [5, 10], \"slow\": [30]}},"
                + " \"walk_forward\": {\"train_bars\": 100, \"test_bars\": 50}}");
        assertThat(run("scenario", "run", wf.toString(), "--out", dir.resolve("wf").toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("walk-forward: 4 windows, out-of-sample return");
        for (String f : List.of("stats.json", "equity.csv", "walk_forward.json", "report.html")) {
            assertThat(dir.resolve("wf").resolve(f)).isRegularFile();
        }
        assertThat(run("scenario", "check", scenario.toString())).isZero();
        assertThat(run("scenario", "schema")).isZero();
        assertThat(out.toString()).contains("\"$schema\"");
        assertThat(run("scenario")).isZero();
        java.nio.file.Files.writeString(scenario, "{\"data\": {\"source\": \"store\", \"symbols\": [\"NOPE\"], \"timeframe\": \"1d\","
                + " \"start\": \"2024-01-01\", \"end\": \"2024-01-02\"}, \"strategy\": {\"key\": \"sma_cross\", \"params\": {\"slow\": \"x\"}}}");
        assertThat(run("scenario", "run", scenario.toString(), "--out", dir.resolve("bad").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("$.strategy.params.slow");
        java.nio.file.Files.writeString(scenario, "{\"data\": {\"source\": \"store\", \"symbols\": [\"NOPE\"], \"timeframe\": \"1d\","
                + " \"start\": \"2024-01-01\", \"end\": \"2024-01-02\"}, \"strategy\": {\"key\": \"sma_cross\"}}");
        assertThat(run("scenario", "run", scenario.toString(), "--out", dir.resolve("bad").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("$.data.symbols[0]").contains("unknown symbol NOPE");
        java.nio.file.Files.writeString(scenario, "{\"data\": {\"source\": \"store\", \"symbols\": [\"BTC\"], \"timeframe\": \"1d\","
                + " \"start\": \"2024-01-01\", \"end\": \"2024-03-31\"}, \"strategy\": {\"key\": \"buy_and_hold\"}}");
        assertThat(run("scenario", "run", scenario.toString(), "--out", dir.resolve("btc").toString())).as(err.toString()).isZero();
        assertThat(java.nio.file.Files.readAllLines(dir.resolve("btc/equity.csv"))).hasSize(92);
    }

    @Test
    void runOnStoredCandlesPrintsATableAndWritesTheReport() throws Exception {
        Path report = dir.resolve("eth.html");
        assertThat(run("run", "--symbol", "ETH", "--start", "2024-01-01", "--end", "2024-03-31", "--timeframe", "4h",
                "--strategy", "ema_cross", "--exclusive-orders", "--finalize-trades", "--fractional-units",
                "--report", report.toString())).isZero();
        assertThat(out.toString()).contains("ETH 4h").contains("sharpe_ratio").contains("return_pct");
        assertThat(java.nio.file.Files.readString(report)).contains("id=\"equity-chart\"").contains("\"label\":\"long entry\"");
    }

    @Test
    void runRejectsBadInputWithExitTwoNamingTheProblem() throws Exception {
        Path csv = dailyCsv(50);
        assertThat(run("run", "--csv", csv.toString(), "--strategy", "no_such")).isEqualTo(2);
        assertThat(run("run", "--csv", csv.toString(), "--strategy", "sma_cross", "--param", "speed=3")).isEqualTo(2);
        assertThat(err.toString()).contains("speed");
        assertThat(run("run", "--csv", csv.toString(), "--strategy", "sma_cross", "--param", "fast=ten")).isEqualTo(2);
        Path bad = dir.resolve("bad.csv");
        java.nio.file.Files.writeString(bad, "time,open,high,low,close\n2020-01-01,10,11,9,10\n2020-01-02,10,9,8,10\n");
        assertThat(run("run", "--csv", bad.toString(), "--strategy", "buy_and_hold")).isEqualTo(2);
        assertThat(err.toString()).contains("bad.csv").contains("row 2");
        assertThat(run("run", "--csv", dir.resolve("nope.csv").toString(), "--strategy", "buy_and_hold")).isEqualTo(2);
        assertThat(run("run", "--strategy", "buy_and_hold")).isEqualTo(2);
    }

    @Test
    void helpOfEveryCommandShowsTheDefaultsAndExitsZero() {
        for (String command : List.of("run", "symbols", "candles", "import")) {
            StringWriter help = new StringWriter();
            assertThat(BacktestCli.run(new String[] {command, "--help"}, new PrintWriter(help, true), new PrintWriter(err, true)))
                    .as(command).isZero();
            assertThat(help.toString()).as(command).startsWith("Usage: backtest " + command).contains("-h, --help");
        }
        StringWriter help = new StringWriter();
        assertThat(BacktestCli.run(new String[] {"run", "--help"}, new PrintWriter(help, true), new PrintWriter(err, true))).isZero();
        assertThat(help.toString()).contains("Default: 10000").contains("Default: 0.001").contains("Default: text");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void textOutputRoundsNumbersForReadingWhileJsonKeepsFullPrecision() throws Exception {
        Path csv = dailyCsv(300);
        assertThat(run("run", "--csv", csv.toString(), "--strategy", "sma_cross", "--param", "fast=10", "--param", "slow=30")).isZero();
        String text = out.toString();
        out.getBuffer().setLength(0);
        assertThat(run("run", "--csv", csv.toString(), "--strategy", "sma_cross", "--param", "fast=10", "--param", "slow=30",
                "--format", "json")).isZero();
        var stats = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toString()).path("stats");
        double equity = stats.path("equity_final").asDouble();
        assertThat(Double.toString(equity).length()).as("JSON keeps every digit of %s", equity).isGreaterThan(10);
        assertThat(text).containsPattern("equity_final +" + java.util.regex.Pattern.quote(
                String.format(java.util.Locale.ROOT, "%,.2f", equity)) + "\\n");
        assertThat(text).containsPattern("trades +" + stats.path("trades").asInt() + "\\n");
        assertThat(text).doesNotContainPattern("\\d\\.\\d{5,}");
    }

    @Test
    void unknownCommandExitsWithTwo() {
        assertThat(run("frobnicate")).isEqualTo(2);
    }
}
