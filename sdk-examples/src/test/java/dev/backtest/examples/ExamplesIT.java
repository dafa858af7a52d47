package dev.backtest.examples;

import dev.backtest.engine.BacktestResult;
import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.SweepResult;
import dev.backtest.engine.portfolio.PortfolioResult;
import dev.backtest.engine.portfolio.SimulationResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Each example runs against embedded defaults in a fresh folder and does what it says. */
class ExamplesIT {

    @Test
    void quickStartPrintsCandlesTradesAndReturn(@TempDir Path dir) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true));
        try {
            QuickStart.main(new String[] {dir.toString()});
        } finally {
            System.setOut(original);
        }
        assertThat(captured.toString()).containsPattern("8784 candles, [1-9]\\d* trades, return -?\\d+\\.\\d\\d %, Sharpe");
    }

    @Test
    void customStrategyExitsThroughItsStops(@TempDir Path dir) {
        BacktestResult r = CustomStrategyWithStops.run(dir);
        assertThat(r.trades()).isNotEmpty();
        r.trades().forEach(t -> {
            double move = t.exitPrice() / t.entryPrice() - 1;
            // exits at the stop (-2 %), the target (+4 %), or the gap beyond either, never in between unless still open at the end
            assertThat(move <= -0.0199 || move >= 0.0399 || t.exitBar() == r.equity().length - 1)
                    .as("trade %s exits at a stop or target", t).isTrue();
        });
    }

    @Test
    void sweepsReturnTheTopFiveOrderedBySharpeAndCountOnlyWhatRan(@TempDir Path dir) {
        List<SweepResult> results = ParameterSweep.run(dir);
        SweepResult builtIn = results.get(0);
        assertThat(builtIn.gridSize()).isEqualTo(25);
        assertThat(builtIn.evaluated()).isEqualTo(5 + 5 + 5 + 4 + 4); // fast < slow: 5, 10 and 15 below every slow, 20 and 30 below four
        assertThat(builtIn.best()).hasSize(5);
        for (int i = 1; i < builtIn.best().size(); i++) {
            assertThat(builtIn.best().get(i - 1).metric()).isGreaterThanOrEqualTo(builtIn.best().get(i).metric());
        }
        builtIn.best().forEach(r -> assertThat((int) r.params().get("fast")).isLessThan((int) r.params().get("slow")));

        SweepResult java = results.get(1);
        assertThat(java.gridSize()).isEqualTo(36);
        // lookback 1 is refused by the constructor; stop < target keeps 6 of the 9 stop/target pairs
        assertThat(java.evaluated()).isEqualTo(3 * 6);
        java.best().forEach(r -> {
            assertThat((int) r.params().get("lookback")).isGreaterThan(1);
            assertThat((double) r.params().get("stop")).isLessThan((double) r.params().get("target"));
        });
    }

    @Test
    void examplesStartedWithoutArgumentsPrintTheirUsageAndWriteNothing(@TempDir Path dir) throws Exception {
        for (String example : List.of("QuickStart", "ParameterSweep", "CustomStrategyWithStops", "HealthCheck", "ImportCsv",
                "CsvBacktest", "PortfolioBacktest", "IndexProduct")) {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), "dev.backtest.examples." + example)
                    .directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor()).as(out).isEqualTo(2);
            assertThat(out).as(example).startsWith("usage: " + example + " ");
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).as("files written into the working directory").isEmpty();
        }
    }

    @Test
    void portfolioRebalancesWithinItsCapWritesItsReportAndSimulatesTheInvestment(@TempDir Path dir) throws Exception {
        SimulationResult s = PortfolioBacktest.run(dir);
        PortfolioResult r = s.run();
        assertThat(r.symbols()).containsExactly("BTC", "ETH", "EURUSD");
        assertThat(r.stats().rebalances()).isGreaterThanOrEqualTo(21); // 22 month ends after the first 30-return window
        assertThat(r.allocations()).allSatisfy(a -> assertThat(a.targetWeight()).isLessThanOrEqualTo(0.6 + 1e-12));
        assertThat(r.stats().beta()).isFinite();
        // March 2023 to December 2024: 21 later months of 500
        assertThat(s.totalInvested()).isEqualTo(10_000 + 21 * 500.0);
        assertThat(Files.readString(dir.resolve("portfolio.html"))).contains("weights-chart").contains("EURUSD");
    }

    @Test
    void anIndexOfTheSampleAssetsRunsThroughTheQueue(@TempDir Path dir) throws Exception {
        dev.backtest.sdk.index.IndexCurrent now = IndexProduct.run(dir);
        assertThat(now.date()).isEqualTo(java.time.LocalDate.of(2024, 12, 31));
        assertThat(now.value()).isPositive();
        assertThat(now.allocations()).extracting(a -> a.symbol()).containsExactlyInAnyOrder("BTC", "ETH");
        assertThat(now.allocations()).allSatisfy(a -> assertThat(a.targetWeight()).isLessThanOrEqualTo(0.7 + 1e-12));
    }

    @Test
    void portfolioPrintsItsStatisticsAndTheInvestment(@TempDir Path dir) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true));
        try {
            PortfolioBacktest.main(new String[] {dir.toString()});
        } finally {
            System.setOut(original);
        }
        assertThat(captured.toString()).containsPattern("portfolio: \\d+ rebalances, CAGR -?\\d+\\.\\d\\d %, max drawdown -?\\d+\\.\\d\\d %")
                .containsPattern("investment: put in 20500, worth \\d+, -?\\d+\\.\\d\\d % a year money-weighted");
    }

    @Test
    void csvToStatisticsWithoutAClient(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("prices.csv");
        StringBuilder sb = new StringBuilder("date,open,high,low,close,volume\n");
        java.util.Random random = new java.util.Random(7);
        double price = 100;
        for (int d = 0; d < 400; d++) {
            double close = price * Math.exp(random.nextGaussian() * 0.02);
            sb.append(LocalDate.of(2022, 1, 1).plusDays(d)).append(',').append(price).append(',').append(Math.max(price, close) * 1.01)
                    .append(',').append(Math.min(price, close) * 0.99).append(',').append(close).append(",1000\n");
            price = close;
        }
        Files.writeString(csv, sb);
        BacktestResult r = CsvBacktest.run(csv, dir.resolve("report.html"));
        assertThat(r.equity()).hasSize(400);
        assertThat(r.stats().trades()).isPositive();
        assertThat(Files.readString(dir.resolve("report.html"))).contains("id=\"equity-chart\"", "id=\"monthly-returns\"", "uPlot (v1.6.30)");
        assertThat(CsvBacktest.run(csv, null).stats()).isEqualTo(r.stats());
    }

    @Test
    void importedBarsComeBackAsCandles(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("bars.csv");
        StringBuilder sb = new StringBuilder("time,open,high,low,close,volume\n");
        for (int m = 0; m < 60; m++) {
            sb.append(String.format("2024-03-01T10:%02d:00Z,%d,%d,%d,%d,1%n", m, 100 + m, 101 + m, 99 + m, 100 + m));
        }
        Files.writeString(csv, sb.toString());
        CandleSeries s = ImportCsv.run(dir.resolve("data"), "MYCOIN", csv, LocalDate.of(2024, 3, 1));
        assertThat(s.size()).isEqualTo(4);
        assertThat(s.open()[0]).isEqualTo(100);
        assertThat(s.close()[3]).isEqualTo(159);
        assertThat(s.volume()[0]).isEqualTo(15);
    }
}
