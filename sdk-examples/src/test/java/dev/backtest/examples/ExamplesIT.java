package dev.backtest.examples;

import dev.backtest.sdk.engine.BacktestResult;
import dev.backtest.sdk.engine.OptimizationResult;
import dev.backtest.sdk.marketdata.CandleSeries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

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
    void sweepReturnsTheTopFiveOrderedBySharpeWithFastBelowSlow(@TempDir Path dir) {
        List<OptimizationResult> top = ParameterSweep.run(dir);
        assertThat(top).hasSize(5);
        for (int i = 1; i < top.size(); i++) {
            assertThat(top.get(i - 1).metric()).isGreaterThanOrEqualTo(top.get(i).metric());
        }
        top.forEach(r -> assertThat((int) r.params().get("fast")).isLessThan((int) r.params().get("slow")));
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
