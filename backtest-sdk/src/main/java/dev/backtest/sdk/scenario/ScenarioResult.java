package dev.backtest.sdk.scenario;

import dev.backtest.engine.BacktestResult;
import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.SweepResult;
import dev.backtest.engine.WalkForwardResult;
import dev.backtest.engine.portfolio.PortfolioResult;
import dev.backtest.engine.portfolio.PortfolioSweepResult;
import dev.backtest.sdk.export.ResultExports;
import dev.backtest.sdk.report.ReportData;
import dev.backtest.sdk.report.Reports;
import dev.backtest.sdk.walkforward.WalkForwardDocument;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a scenario produced: a strategy run ({@code result} on {@code series}) or a portfolio run ({@code portfolio},
 * with the {@code benchmark}'s bars when one was named), and for a grid the sweep ({@code sweep} or
 * {@code portfolioSweep}), whose best combination is the run above ({@code bestParams}); or a strategy's walk-forward
 * ({@code walkForward} on {@code series}), whose outputs are its stitched out-of-sample curve and statistics.
 *
 * <pre>{@code
 * ScenarioResult r = Scenarios.run(Scenarios.parse(Path.of("scenario.json")), client.marketData());
 * r.writeTo(Path.of("out"));   // stats.json, trades.csv, equity.csv, report.html (+ sweep.json, sweep.csv for a grid)
 * // a walk-forward: stats.json, equity.csv, walk_forward.json, report.html (out of sample)
 * }</pre>
 */
public record ScenarioResult(Scenario scenario, BacktestResult result, CandleSeries series, PortfolioResult portfolio,
                             CandleSeries benchmark, SweepResult sweep, PortfolioSweepResult portfolioSweep,
                             Map<String, Object> bestParams, WalkForwardResult walkForward) {

    /** The statistics as JSON ({@link ResultExports#statsJson}, the portfolio's, or a walk-forward's out-of-sample ones). */
    public String statsJson() {
        if (walkForward != null) {
            return ResultExports.statsJson(walkForward.outOfSample());
        }
        return result != null ? ResultExports.statsJson(result.stats()) : ResultExports.json(portfolio.stats());
    }

    /**
     * The trades as CSV: closed trades ({@link ResultExports#TRADE_COLUMNS}) or a portfolio's fills
     * ({@link ResultExports#FILL_COLUMNS}); null for a walk-forward (its result keeps only each window's trade count).
     */
    public String tradesCsv() {
        if (walkForward != null) {
            return null;
        }
        return result != null ? ResultExports.tradesCsv(result.trades()) : ResultExports.fillsCsv(portfolio.fills());
    }

    /** The equity curve as CSV ({@link ResultExports#EQUITY_COLUMNS}); a walk-forward's stitched out-of-sample curve. */
    public String equityCsv() {
        if (walkForward != null) {
            return ResultExports.equityCsv(walkForward);
        }
        return result != null ? ResultExports.equityCsv(result, series) : ResultExports.equityCsv(portfolio);
    }

    /**
     * The sweep as a JSON object ({@code metric}, {@code grid_size}, {@code evaluated}, {@code best}: each with
     * {@code rank}, {@code params}, {@code metric} and {@code stats}), or null without a grid.
     */
    public String sweepJson() {
        return sweep != null ? ResultExports.json(sweep) : portfolioSweep != null ? ResultExports.json(portfolioSweep) : null;
    }

    /** A walk-forward's document ({@link WalkForwardDocument#of}, with the stitched equity) as JSON; null otherwise. */
    public String walkForwardJson() {
        return walkForward == null ? null : ResultExports.json(WalkForwardDocument.of(walkForward, true));
    }

    /** The sweep as CSV: {@code rank}, one column a swept parameter, {@code metric}; null without a grid. */
    public String sweepCsv() {
        if (sweep == null && portfolioSweep == null) {
            return null;
        }
        List<String> names = new ArrayList<>(scenario.grid().params().keySet());
        List<List<Object>> rows = new ArrayList<>();
        if (sweep != null) {
            sweep.best().forEach(e -> rows.add(row(names, e.params(), e.metric())));
        } else {
            portfolioSweep.best().forEach(e -> rows.add(row(names, e.params(), e.metric())));
        }
        List<String> header = new ArrayList<>();
        header.add("rank");
        header.addAll(names);
        header.add(scenario.grid().metric());
        StringBuilder out = new StringBuilder(String.join(",", header)).append("\r\n");
        int rank = 0;
        for (List<Object> r : rows) {
            out.append(++rank);
            for (Object v : r) {
                out.append(',').append(v instanceof Double d && !Double.isFinite(d) ? "" : v == null ? "" : csvField(String.valueOf(v)));
            }
            out.append("\r\n");
        }
        return out.toString();
    }

    private static List<Object> row(List<String> names, Map<String, Object> params, double metric) {
        List<Object> r = new ArrayList<>();
        names.forEach(n -> r.add(params.get(n)));
        r.add(metric);
        return r;
    }

    private static String csvField(String v) {
        return v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }

    /**
     * Writes the outputs into {@code dir} (created if needed): {@code stats.json}, {@code trades.csv}, {@code equity.csv},
     * {@code report.html}, and for a grid {@code sweep.json} and {@code sweep.csv}; for a walk-forward
     * {@code stats.json}, {@code equity.csv} (out of sample), {@code walk_forward.json} and {@code report.html};
     * returns the files written.
     */
    public List<Path> writeTo(Path dir) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("stats.json", statsJson());
        if (tradesCsv() != null) {
            files.put("trades.csv", tradesCsv());
        }
        files.put("equity.csv", equityCsv());
        if (walkForward != null) {
            files.put("walk_forward.json", walkForwardJson());
        }
        if (sweepJson() != null) {
            files.put("sweep.json", sweepJson());
            files.put("sweep.csv", sweepCsv());
        }
        List<Path> written = new ArrayList<>();
        files.forEach((name, body) -> {
            Path f = dir.resolve(name);
            ResultExports.write(f, body);
            written.add(f);
        });
        Path report = dir.resolve("report.html");
        if (walkForward != null) {
            String title = (scenario.name() == null ? series.symbol() : scenario.name()) + " \u00b7 walk-forward out of sample";
            ResultExports.write(report, Reports.html(ReportData.ofWalkForward(title, series, walkForward)));
        } else if (result != null) {
            Reports.writeHtml(result, series, report);
        } else if (benchmark != null) {
            Reports.writeHtml(portfolio, benchmark, report);
        } else {
            Reports.writeHtml(portfolio, report);
        }
        written.add(report);
        return written;
    }
}
