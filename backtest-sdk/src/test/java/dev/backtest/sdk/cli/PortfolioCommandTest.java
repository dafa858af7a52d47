package dev.backtest.sdk.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backtest.engine.portfolio.PortfolioOptions;
import dev.backtest.engine.portfolio.PortfolioStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The {@code portfolio} command on CSV files written by each test; expected numbers are worked out here from the
 * rules of docs/portfolio.md. Bars open at the previous close, so a fill's value equals the previous close's.
 */
class PortfolioCommandTest {

    /** Daily closes from Monday 1 January 2024; the ratio A/B changes every day, so every rebalance trades. */
    private static final double[] A = {10, 11, 12, 11.5, 12.5, 13, 12, 12.5, 13.5, 14};
    private static final double[] B = {20, 19.5, 19, 20, 19, 18.5, 19.5, 20.5, 20, 21};
    private static final long DAY0 = LocalDate.of(2024, 1, 1).toEpochDay() * 86_400;
    private static final double CASH = 10_000;

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
        JsonNode json() throws Exception {
            return new ObjectMapper().readTree(out);
        }
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = BacktestCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    /** Bars whose open is the previous close (the first opens at its close), high and low 1 % around them. */
    private String bars(String name, double[] close) throws Exception {
        StringBuilder sb = new StringBuilder("time,open,high,low,close,volume\n");
        for (int i = 0; i < close.length; i++) {
            double open = open(close, i);
            sb.append(LocalDate.of(2024, 1, 1).plusDays(i)).append(',').append(open).append(',')
                    .append(Math.max(open, close[i]) * 1.01).append(',').append(Math.min(open, close[i]) * 0.99).append(',')
                    .append(close[i]).append(",1000\n");
        }
        return write(name, sb.toString());
    }

    private String write(String name, String content) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file.toString();
    }

    private static double open(double[] close, int i) {
        return i == 0 ? close[0] : close[i - 1];
    }

    private String[] twoAssets(String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("portfolio", "--csv", "A=" + bars("a.csv", A), "--csv", "B=" + bars("b.csv", B)));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private static String day(int i) {
        return Instant.ofEpochSecond(DAY0 + i * 86_400L).toString();
    }

    private static List<String> keys(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static List<JsonNode> list(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }

    @Test
    void equalWeightsRebalancedDailyEarnTheMeanOfTheAssetsReturns() throws Exception {
        Run r = run(twoAssets("--weighting", "equal", "--rebalance", "daily", "--commission", "0", "--format", "json"));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        JsonNode json = r.json();

        assertThat(keys(json)).containsExactly("stats", "allocations", "trades", "equity");
        assertThat(keys(json.path("stats"))).containsExactlyElementsOf(PortfolioStats.NAMES);
        assertThat(keys(json.path("allocations").get(0)))
                .containsExactly("decision_time", "fill_time", "symbol", "target_weight", "weight", "units", "price");
        assertThat(keys(json.path("trades").get(0))).containsExactly("time", "symbol", "side", "units", "price", "commission");
        assertThat(keys(json.path("equity"))).containsExactly("time", "equity");
        for (String undefined : List.of("beta", "benchmark_return_pct", "alpha_pct", "correlation")) {
            assertThat(json.path("stats").get(undefined).isNull()).as(undefined + " without a benchmark").isTrue();
        }
        assertThat(json.path("stats").path("start").asText()).isEqualTo(day(0));
        assertThat(json.path("stats").path("end").asText()).isEqualTo(day(A.length - 1));
        List<String> times = list(json.path("equity").path("time")).stream().map(JsonNode::asText).toList();
        assertThat(times).hasSize(A.length).first().isEqualTo(day(0));
        times.forEach(t -> assertThat(Instant.parse(t).toString()).isEqualTo(t));
        list(json.path("allocations")).forEach(a -> {
            Instant.parse(a.path("decision_time").asText());
            Instant.parse(a.path("fill_time").asText());
        });

        // decided at the close of day 0 from cash alone, filled at day 1's opens: half the cash in each
        List<JsonNode> trades = list(json.path("trades"));
        assertThat(trades.get(0).path("time").asText()).isEqualTo(day(1));
        assertThat(trades.get(0).path("symbol").asText()).isEqualTo("A");
        assertThat(trades.get(0).path("side").asText()).isEqualTo("buy");
        assertThat(trades.get(0).path("units").asDouble()).isCloseTo(0.5 * CASH / open(A, 1), within(1e-9));
        assertThat(trades.get(0).path("price").asDouble()).isEqualTo(open(A, 1));
        assertThat(trades.get(1).path("units").asDouble()).isCloseTo(0.5 * CASH / open(B, 1), within(1e-9));
        trades.forEach(t -> assertThat(t.path("commission").asDouble()).isZero());
        // a decision at every close but the last; each after the first sells the winner and buys the loser
        assertThat(json.path("stats").path("rebalances").asInt()).isEqualTo(A.length - 1);
        assertThat(trades).hasSize(2 + 2 * (A.length - 2));

        // each fill resets the weights to 1/2 at the previous close's prices, so E[i] = E[i-1] · mean of the two returns
        double[] expected = new double[A.length];
        expected[0] = CASH;
        for (int i = 1; i < A.length; i++) {
            expected[i] = expected[i - 1] * 0.5 * (A[i] / A[i - 1] + B[i] / B[i - 1]);
        }
        List<JsonNode> equity = list(json.path("equity").path("equity"));
        for (int i = 0; i < A.length; i++) {
            assertThat(equity.get(i).asDouble()).as("equity at day %d", i).isCloseTo(expected[i], within(1e-7));
        }
        double last = expected[A.length - 1];
        assertThat(json.path("stats").path("equity_final").asDouble()).isCloseTo(last, within(1e-7));
        assertThat(json.path("stats").path("return_pct").asDouble()).isCloseTo((last / CASH - 1) * 100, within(1e-9));
    }

    @Test
    void everyNWithTheDefaultCommissionScalesTheFirstBuysToTheCash() throws Exception {
        Run r = run(twoAssets("--weighting", "equal", "--rebalance", "every:20", "--format", "json"));
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode json = r.json();
        double c = PortfolioOptions.DEFAULT_COMMISSION;

        // buying half the cash of each costs cash · (1 + c): both buys are scaled by 1 / (1 + c)
        double unitsA = 0.5 * CASH / open(A, 1) / (1 + c);
        double unitsB = 0.5 * CASH / open(B, 1) / (1 + c);
        List<JsonNode> trades = list(json.path("trades"));
        assertThat(trades).hasSize(2);
        assertThat(trades.get(0).path("units").asDouble()).isCloseTo(unitsA, within(1e-9));
        assertThat(trades.get(0).path("commission").asDouble()).isCloseTo(unitsA * open(A, 1) * c, within(1e-9));
        assertThat(trades.get(1).path("units").asDouble()).isCloseTo(unitsB, within(1e-9));
        assertThat(trades.get(1).path("commission").asDouble()).isCloseTo(unitsB * open(B, 1) * c, within(1e-9));
        assertThat(json.path("allocations").get(0).path("target_weight").asDouble()).isEqualTo(0.5);
        assertThat(json.path("stats").path("rebalances").asInt()).isEqualTo(1);

        // no cash is left, so the last equity is the two holdings at the last closes
        double last = unitsA * A[A.length - 1] + unitsB * B[B.length - 1];
        assertThat(json.path("stats").path("equity_final").asDouble()).isCloseTo(last, within(1e-7));
        assertThat(json.path("stats").path("commissions").asDouble()).isCloseTo(CASH - CASH / (1 + c), within(1e-9));
    }

    @Test
    void fixedWeightsAreCappedRebalancedOnDriftAndComparedWithTheBenchmark() throws Exception {
        double threshold = 0.05;
        Run r = run(twoAssets("--weighting", "fixed", "--weight", "A=0.6", "--weight", "B=0.3", "--max-weight", "0.5",
                "--threshold", String.valueOf(threshold), "--benchmark", "B", "--rebalance", "monthly", "--commission", "0",
                "--format", "json"));
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode json = r.json();

        // the cap takes 0.1 from A and hands it to B, the only uncapped asset; 0.1 stays in cash
        double targetA = 0.5;
        double targetB = 0.3 + (0.6 - 0.5);
        List<JsonNode> allocations = list(json.path("allocations"));
        assertThat(allocations.get(0).path("decision_time").asText()).isEqualTo(day(0));
        assertThat(allocations.get(0).path("target_weight").asDouble()).isCloseTo(targetA, within(1e-12));
        assertThat(allocations.get(1).path("target_weight").asDouble()).isCloseTo(targetB, within(1e-12));

        // no month ends inside the run, so the next decision is the first close where a weight drifts past the threshold
        double unitsA = targetA * CASH / open(A, 1);
        double unitsB = targetB * CASH / open(B, 1);
        double cash = CASH - unitsA * open(A, 1) - unitsB * open(B, 1);
        int drift = -1;
        for (int i = 1; i < A.length - 1 && drift < 0; i++) {
            double e = cash + unitsA * A[i] + unitsB * B[i];
            if (Math.abs(unitsA * A[i] / e - targetA) > threshold || Math.abs(unitsB * B[i] / e - targetB) > threshold) {
                drift = i;
            }
        }
        assertThat(drift).as("a drift inside the run").isPositive();
        String driftDay = day(drift);
        assertThat(allocations).filteredOn(a -> !a.path("decision_time").asText().equals(day(0))).isNotEmpty()
                .first().satisfies(a -> assertThat(a.path("decision_time").asText()).isEqualTo(driftDay));

        // the benchmark's return runs from its close at the first fill (day 1) to its last close
        JsonNode stats = json.path("stats");
        assertThat(stats.path("benchmark_return_pct").asDouble()).isCloseTo((B[B.length - 1] / B[1] - 1) * 100, within(1e-9));
        assertThat(stats.path("beta").isNumber()).isTrue();
        assertThat(stats.path("correlation").isNumber()).isTrue();
    }

    @Test
    void marketCapWeightsFollowTheLatestCapsFromTheFiles() throws Exception {
        long day5 = DAY0 + 5 * 86_400L;
        String capsA = write("caps-a.csv", "time,market_cap\n2024-01-01,300\n" + day5 + ",100\n");
        String capsB = write("caps-b.csv", "Time,Market_Cap\n" + DAY0 * 1000 + ",100\n2024-01-08T00:00:00Z,100\n");
        Run r = run(twoAssets("--weighting", "market_cap", "--market-cap", "A=" + capsA, "--market-cap", "B=" + capsB,
                "--rebalance", "every:5", "--format", "json"));
        assertThat(r.code()).as(r.err()).isZero();

        // decisions at days 0 and 5: caps 300 : 100, then 100 : 100 (A's cap from day 5 on, in unix seconds)
        List<JsonNode> allocations = list(r.json().path("allocations"));
        assertThat(allocations).filteredOn(a -> a.path("decision_time").asText().equals(day(0)))
                .extracting(a -> a.path("symbol").asText() + " " + a.path("target_weight").asDouble())
                .containsExactly("A 0.75", "B 0.25");
        assertThat(allocations).filteredOn(a -> a.path("decision_time").asText().equals(day(5)))
                .extracting(a -> a.path("symbol").asText() + " " + a.path("target_weight").asDouble())
                .containsExactlyInAnyOrder("A 0.5", "B 0.5");
    }

    @Test
    void inverseVolatilityWaitsForLookbackReturnsThenWeightsByOneOverSigma() throws Exception {
        int lookback = 3;
        Run r = run(twoAssets("--weighting", "inverse_volatility", "--lookback", String.valueOf(lookback), "--rebalance", "every:20",
                "--format", "json"));
        assertThat(r.code()).as(r.err()).isZero();

        // the first decision needs lookback + 1 closes: day 3
        double inverseA = 1 / sigma(A, lookback);
        double inverseB = 1 / sigma(B, lookback);
        List<JsonNode> allocations = list(r.json().path("allocations"));
        assertThat(allocations).hasSize(2);
        assertThat(allocations.get(0).path("decision_time").asText()).isEqualTo(day(lookback));
        assertThat(allocations.get(0).path("target_weight").asDouble()).isCloseTo(inverseA / (inverseA + inverseB), within(1e-12));
        assertThat(allocations.get(1).path("target_weight").asDouble()).isCloseTo(inverseB / (inverseA + inverseB), within(1e-12));
    }

    /** The sample standard deviation (ddof 1) of the first {@code n} close-to-close returns. */
    private static double sigma(double[] close, int n) {
        double[] r = new double[n];
        double mean = 0;
        for (int j = 1; j <= n; j++) {
            r[j - 1] = close[j] / close[j - 1] - 1;
            mean += r[j - 1] / n;
        }
        double ss = 0;
        for (double x : r) {
            ss += (x - mean) * (x - mean);
        }
        return Math.sqrt(ss / (n - 1));
    }

    @Test
    void wholeUnitsTradesIntegersOnly() throws Exception {
        Run r = run(twoAssets("--weighting", "equal", "--rebalance", "daily", "--whole-units", "--format", "json"));
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode json = r.json();
        List<JsonNode> trades = list(json.path("trades"));
        assertThat(trades).isNotEmpty();
        Stream.concat(trades.stream(), list(json.path("allocations")).stream()).forEach(t -> {
            double units = t.path("units").asDouble();
            assertThat(units).as(t.toString()).isEqualTo(Math.rint(units));
        });
        // floored targets cost more than the cash with commission: the buys are scaled by cash / cost, then floored
        double c = PortfolioOptions.DEFAULT_COMMISSION;
        double wantA = Math.floor(0.5 * CASH / open(A, 1));
        double wantB = Math.floor(0.5 * CASH / open(B, 1));
        double scale = CASH / ((wantA * open(A, 1) + wantB * open(B, 1)) * (1 + c));
        assertThat(scale).isLessThan(1);
        assertThat(trades.get(0).path("units").asDouble()).isEqualTo(Math.floor(wantA * scale));
        assertThat(trades.get(1).path("units").asDouble()).isEqualTo(Math.floor(wantB * scale));
    }

    @Test
    void textShowsStatisticsContributionsFillsAndLastAllocationsRounded() throws Exception {
        String[] args = twoAssets("--weighting", "equal", "--rebalance", "daily", "--commission", "0");
        Run text = run(args);
        assertThat(text.code()).as(text.err()).isZero();
        List<String> jsonArgs = new ArrayList<>(List.of(args));
        jsonArgs.addAll(List.of("--format", "json"));
        JsonNode json = run(jsonArgs.toArray(String[]::new)).json();

        String out = text.out();
        for (String name : PortfolioStats.NAMES) {
            assertThat(out).containsPattern("(?m)^" + name + " +\\S");
        }
        assertThat(out).containsPattern("(?m)^equity_final +" + java.util.regex.Pattern.quote(
                String.format(java.util.Locale.ROOT, "%,.2f", json.path("stats").path("equity_final").asDouble())) + "$");
        assertThat(out).containsPattern("(?m)^beta +—$");
        assertThat(out).contains(json.path("trades").size() + " fills, " + (A.length - 1) + " rebalances");
        assertThat(out).containsPattern("(?m)^asset +pnl +contribution_pct");
        assertThat(out).containsPattern("(?m)^last allocation per asset$");
        // each asset has a contribution line and a last-allocation line (decided at day 8, filled at day 9)
        for (String s : List.of("A", "B")) {
            assertThat(out).containsPattern("(?m)^" + s + " +-?[\\d,]+\\.\\d+ +-?[\\d,]+\\.\\d+ ");
            assertThat(out).containsPattern("(?m)^" + s + " +" + day(A.length - 2) + " +" + day(A.length - 1) + " +0\\.5000 ");
        }
        assertThat(out).doesNotContainPattern("\\d\\.\\d{5,}");
    }

    static Stream<Arguments> badInput() {
        return Stream.of(
                Arguments.of("unknown --weight symbol", List.of("--weighting", "fixed", "--weight", "C=0.5", "--rebalance", "daily"),
                        List.of("--weight C", "[A, B]")),
                Arguments.of("unknown --benchmark", List.of("--weighting", "equal", "--benchmark", "Z", "--rebalance", "daily"),
                        List.of("--benchmark", "'Z'", "[A, B]")),
                Arguments.of("unknown --market-cap symbol", List.of("--weighting", "market_cap", "--market-cap", "Z={caps}",
                        "--rebalance", "daily"), List.of("--market-cap Z", "[A, B]")),
                Arguments.of("weights above 1", List.of("--weighting", "fixed", "--weight", "A=0.7", "--weight", "B=0.5",
                        "--rebalance", "daily"), List.of("--weight", "sum to at most 1", "1.2")),
                Arguments.of("a weight out of range", List.of("--weighting", "fixed", "--weight", "A=1.5", "--rebalance", "daily"),
                        List.of("--weight A", "[0, 1]", "1.5")),
                Arguments.of("--weight without fixed", List.of("--weighting", "equal", "--weight", "A=0.5", "--rebalance", "daily"),
                        List.of("--weight", "--weighting fixed only", "equal")),
                Arguments.of("fixed without --weight", List.of("--weighting", "fixed", "--rebalance", "daily"),
                        List.of("--weight is required with --weighting fixed")),
                Arguments.of("inverse volatility without --lookback", List.of("--weighting", "inverse_volatility", "--rebalance", "daily"),
                        List.of("--lookback is required with --weighting inverse_volatility")),
                Arguments.of("--lookback below 2", List.of("--weighting", "inverse_volatility", "--lookback", "1", "--rebalance", "daily"),
                        List.of("--lookback must be an integer >= 2", "got 1")),
                Arguments.of("--lookback without inverse volatility", List.of("--weighting", "equal", "--lookback", "5",
                        "--rebalance", "daily"), List.of("--lookback", "inverse_volatility only")),
                Arguments.of("market_cap without --market-cap", List.of("--weighting", "market_cap", "--rebalance", "daily"),
                        List.of("--market-cap is required with --weighting market_cap")),
                Arguments.of("a missing file", List.of("--csv", "C={dir}/nope.csv", "--weighting", "equal", "--rebalance", "daily"),
                        List.of("--csv C", "nope.csv", "does not exist or is not readable")),
                Arguments.of("a folder instead of a file", List.of("--csv", "C={dir}", "--weighting", "equal", "--rebalance", "daily"),
                        List.of("--csv C", "does not exist or is not readable")),
                Arguments.of("a bad bar file", List.of("--csv", "C={bad}", "--weighting", "equal", "--rebalance", "daily"),
                        List.of("--csv C", "bad.csv", "row 2")),
                Arguments.of("a missing market-cap file", List.of("--weighting", "market_cap", "--market-cap", "A={dir}/none.csv",
                        "--rebalance", "daily"), List.of("--market-cap A", "none.csv")),
                Arguments.of("a bad market-cap file", List.of("--weighting", "market_cap", "--market-cap", "A={badcaps}",
                        "--rebalance", "daily"), List.of("--market-cap A", "bad-caps.csv", "row 2", "market_cap 'x'", "row 3", "time 'soon'")),
                Arguments.of("--csv without =", List.of("--csv", "C", "--weighting", "equal", "--rebalance", "daily"),
                        List.of("--csv 'C' is not SYM=FILE")),
                Arguments.of("--csv without a file", List.of("--csv", "C=", "--weighting", "equal", "--rebalance", "daily"),
                        List.of("--csv 'C=' is not SYM=FILE")),
                Arguments.of("--weight with a colon", List.of("--weighting", "fixed", "--weight", "A:0.5", "--rebalance", "daily"),
                        List.of("--weight 'A:0.5' is not SYM=W")),
                Arguments.of("--weight not a number", List.of("--weighting", "fixed", "--weight", "A=half", "--rebalance", "daily"),
                        List.of("--weight A", "'half' is not a number")),
                Arguments.of("a duplicate symbol", List.of("--csv", "A={caps}", "--weighting", "equal", "--rebalance", "daily"),
                        List.of("--csv A is given twice")),
                Arguments.of("a bad --rebalance", List.of("--weighting", "equal", "--rebalance", "fortnightly"),
                        List.of("--rebalance 'fortnightly'", "daily, weekly, monthly, quarterly, yearly, every:N")),
                Arguments.of("every:0", List.of("--weighting", "equal", "--rebalance", "every:0"),
                        List.of("--rebalance 'every:0'", "N >= 1")),
                Arguments.of("a bad --weighting", List.of("--weighting", "random", "--rebalance", "daily"),
                        List.of("--weighting 'random'", "equal, fixed, market_cap, inverse_volatility")),
                Arguments.of("a bad --format", List.of("--weighting", "equal", "--rebalance", "daily", "--format", "xml"),
                        List.of("--format 'xml'", "text, json")),
                Arguments.of("options out of range", List.of("--weighting", "equal", "--rebalance", "daily", "--cash", "0",
                        "--commission", "0.5", "--max-weight", "1.5", "--threshold", "1"),
                        List.of("--cash", "--commission", "--max-weight", "--threshold")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInput")
    void badInputIsOneLineOnStderrAndExitCodeTwo(String name, List<String> args, List<String> expected) throws Exception {
        String caps = write("caps.csv", "time,market_cap\n2024-01-01,100\n");
        String badCaps = write("bad-caps.csv", "time,market_cap\n2024-01-01,100\n2024-01-02,x\nsoon,5\n");
        String bad = write("bad.csv", "time,open,high,low,close\n2024-01-01,10,11,9,10\n2024-01-02,10,9,8,10\n");
        String[] filled = args.stream().map(a -> a.replace("{caps}", caps).replace("{badcaps}", badCaps).replace("{bad}", bad)
                .replace("{dir}", dir.toString())).toArray(String[]::new);

        Run r = run(twoAssets(filled));

        assertThat(r.code()).as(r.err()).isEqualTo(BacktestCli.BAD_INPUT);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines().toList()).as(r.err()).singleElement()
                .satisfies(line -> assertThat(line).startsWith("error: ").endsWith("[VALIDATION_FAILED]").contains(expected));
    }

    @Test
    void reportWritesTheHtmlPageWithTheBenchmarkBesideTheOutput() throws Exception {
        Path report = dir.resolve("portfolio.html");
        Run r = run(twoAssets("--weighting", "equal", "--rebalance", "daily", "--benchmark", "A", "--report", report.toString(),
                "--format", "json"));

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.json().path("stats").path("benchmark_return_pct").isNumber()).isTrue();
        String html = Files.readString(report);
        assertThat(html).startsWith("<!DOCTYPE html>").contains("id=\"weights-chart\"").contains("A").contains("B")
                .doesNotContainPattern("(src|href)=\"https?:");
    }

    @Test
    void helpShowsTheFormTheDefaultsAndTheCurrencyRule() {
        Run r = run("portfolio", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).startsWith("Usage: backtest portfolio")
                .contains("--csv=SYM=FILE", "--market-cap=SYM=FILE", "--weighting=WEIGHTING", "--weight=SYM=W", "--lookback=N",
                        "--rebalance=SCHEDULE", "--max-weight=X", "--threshold=X", "--benchmark=SYM", "--cash=X", "--commission=X",
                        "--whole-units", "--format=json|text")
                .contains("equal, fixed, market_cap", "every:N")
                .contains("Default: " + PortfolioOptions.DEFAULT_CASH, "Default: " + PortfolioOptions.DEFAULT_COMMISSION, "Default: text")
                .contains("base currency", "Exit codes");
        assertThat(run("--help").out()).contains("portfolio");
    }
}
