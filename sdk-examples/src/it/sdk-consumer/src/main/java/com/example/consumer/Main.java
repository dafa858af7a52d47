package com.example.consumer;

import dev.backtest.engine.BacktestResult;
import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.RunOptions;
import dev.backtest.engine.Sweep;
import dev.backtest.engine.SweepResult;
import dev.backtest.engine.Timeframe;
import dev.backtest.engine.strategies.Strategies;
import dev.backtest.sdk.BacktestClient;
import dev.backtest.sdk.marketdata.ImportReport;
import dev.backtest.sdk.report.Reports;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * What a new Java user does first with the SDK as a dependency: an embedded client in a new folder, a CSV of
 * 1-minute bars imported, candles queried, a backtest and a sweep run, the JSON and HTML report written; then the
 * folder opened again. Opening says nothing at INFO and writes no sample data. Exits with status 1 when anything is
 * not as expected.
 */
public final class Main {

    public static void main(String[] args) throws IOException {
        Path work = Path.of(args[0]);
        deleteRecursively(work);
        Files.createDirectories(work);
        Path csv = work.resolve("demo-1m.csv");
        writeMinuteBars(csv, LocalDate.of(2024, 3, 4), 3);
        Path data = work.resolve("data");

        long t0 = System.nanoTime();
        CandleSeries hourly;
        try (BacktestClient client = quietly(() -> BacktestClient.builder().embedded(data).build())) {
            long opened = System.nanoTime() - t0;
            System.out.printf("opened an embedded client in a new folder in %d ms%n", opened / 1_000_000);
            check(client.marketData().symbols(dev.backtest.sdk.marketdata.SourceResolution.YEARLY).isEmpty(),
                    "a new folder holds sample data nobody asked for");

            ImportReport imported = client.marketData().importCsv("DEMO", csv);
            check(imported.rowsRead() == 3 * 1440, "rows imported: " + imported.rowsRead());

            hourly = client.candles().symbol("DEMO").between(LocalDate.of(2024, 3, 4), LocalDate.of(2024, 3, 6))
                    .timeframe(Timeframe.H1).fetch();
            check(hourly.size() == 72, "hourly candles: " + hourly.size());

            BacktestResult result = client.engine().run(hourly, Strategies.smaCross(5, 20),
                    RunOptions.builder().cash(10_000).commission(0.001).fractionalUnits(true).build());
            check(result.stats().trades() > 0, "trades: " + result.stats().trades());

            String json = Reports.json(result);
            Files.writeString(work.resolve("result.json"), json);
            check(json.startsWith("{\"stats\":{") && json.contains("\"sharpe_ratio\""), "JSON: " + json.substring(0, Math.min(80, json.length())));

            Path report = work.resolve("report.html");
            Reports.writeHtml(result, hourly, report);
            String html = Files.readString(report);
            // the charts are drawn by uPlot, inlined from the SDK's run-time dependency org.webjars.npm:uplot
            check(html.startsWith("<!DOCTYPE html>") && html.contains("id=\"equity-chart\"") && html.contains("uPlot (v"),
                    "the HTML report has no chart");
            System.out.printf("%d hourly candles, %d trades, return %.2f %%; wrote %s and %s%n", hourly.size(),
                    result.stats().trades(), result.stats().returnPct(), work.resolve("result.json"), report);

            Map<String, List<?>> grid = new LinkedHashMap<>();
            grid.put("fast", List.of(3, 5, 8));
            grid.put("slow", List.of(5, 13, 21));
            SweepResult sweep = client.engine().sweep(hourly, Sweep.of(grid).constraint("fast < slow").metric("return_pct").top(3),
                    "sma_cross", RunOptions.builder().fractionalUnits(true).build());
            check(sweep.gridSize() == 9 && sweep.evaluated() == 7 && sweep.best().size() == 3, "sweep: " + sweep);
        }

        long t1 = System.nanoTime();
        try (BacktestClient client = quietly(() -> BacktestClient.builder().embedded(data).build())) {
            System.out.printf("opened the same folder again in %d ms%n", (System.nanoTime() - t1) / 1_000_000);
            CandleSeries again = client.candles().symbol("DEMO").between(LocalDate.of(2024, 3, 4), LocalDate.of(2024, 3, 6))
                    .timeframe(Timeframe.H1).fetch();
            check(again.equals(hourly), "the reopened store answers differently");
        }
        System.out.println("consumer OK");
    }

    /** A seeded random walk of 1-minute bars over {@code days} whole UTC days. */
    private static void writeMinuteBars(Path csv, LocalDate first, int days) throws IOException {
        Random random = new Random(42);
        StringBuilder sb = new StringBuilder("time,open,high,low,close,volume\n");
        double price = 100;
        long t = first.atStartOfDay(java.time.ZoneOffset.UTC).toEpochSecond();
        for (int i = 0; i < days * 1440; i++, t += 60) {
            double open = price;
            double close = open * Math.exp(random.nextGaussian() * 0.002);
            double high = Math.max(open, close) * (1 + random.nextDouble() * 0.001);
            double low = Math.min(open, close) * (1 - random.nextDouble() * 0.001);
            sb.append(Instant.ofEpochSecond(t)).append(',').append(open).append(',').append(high).append(',').append(low)
                    .append(',').append(close).append(',').append(1 + random.nextInt(100)).append('\n');
            price = close;
        }
        Files.writeString(csv, sb);
    }

    /** Runs {@code open} with stdout and stderr captured, and fails if it printed anything (slf4j-simple logs INFO to stderr). */
    private static BacktestClient quietly(java.util.function.Supplier<BacktestClient> open) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(captured, true);
        System.setOut(capture);
        System.setErr(capture);
        BacktestClient client;
        try {
            client = open.get();
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        check(captured.size() == 0, "opening a client printed:\n" + captured);
        return client;
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            System.err.println("CHECK FAILED: " + what);
            System.exit(1);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private Main() {
    }
}
