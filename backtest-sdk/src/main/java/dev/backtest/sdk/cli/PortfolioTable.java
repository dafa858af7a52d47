package dev.backtest.sdk.cli;

import dev.backtest.engine.portfolio.Allocation;
import dev.backtest.engine.portfolio.AssetContribution;
import dev.backtest.engine.portfolio.PortfolioOptions;
import dev.backtest.engine.portfolio.PortfolioResult;
import dev.backtest.engine.portfolio.PortfolioStats;
import dev.backtest.sdk.report.Display;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code portfolio} command's text output, rounded for reading as {@link Display} rounds (JSON keeps every
 * digit): the run's outline, the statistics, the fills and rebalances, each asset's contribution and its last
 * allocation.
 *
 * <pre>{@code
 * PortfolioTable.print(out, portfolio.run());
 * }</pre>
 */
final class PortfolioTable {

    private PortfolioTable() {
    }

    static void print(PrintWriter out, PortfolioResult r) {
        long[] time = r.time();
        PortfolioOptions o = r.options();
        out.printf("portfolio of %d assets (%s), %d times from %s to %s%n", r.symbols().size(), String.join(", ", r.symbols()),
                time.length, Instant.ofEpochSecond(time[0]), Instant.ofEpochSecond(time[time.length - 1]));
        out.printf("weighting %s, rebalance %s, cash %s, commission %s, %s units%s%s%s%n%n", o.weighting(), o.schedule(),
                Display.number(o.cash()), Display.number(o.commission()), o.fractional() ? "fractional" : "whole",
                o.maxWeight() == null ? "" : ", max weight " + Display.number(o.maxWeight()),
                o.threshold() == null ? "" : ", threshold " + Display.number(o.threshold()),
                o.benchmark() == null ? "" : ", benchmark " + o.benchmark());
        statistics(r.stats()).forEach((k, v) -> out.printf("%-28s %s%n", k, v));
        out.printf("%n%d fills, %d rebalances%n", r.fills().size(), r.stats().rebalances());

        int w = Math.max(5, r.symbols().stream().mapToInt(String::length).max().orElse(0));
        out.printf("%n%-" + w + "s %14s %17s %12s %14s %14s%n", "asset", "pnl", "contribution_pct", "commissions", "units_held",
                "value_held");
        for (AssetContribution c : r.contributions()) {
            out.printf("%-" + w + "s %14s %17s %12s %14s %14s%n", c.symbol(), Display.number(c.pnl()), Display.number(c.contributionPct()),
                    Display.number(c.commissions()), Display.number(c.unitsHeld()), Display.number(c.valueHeld()));
        }

        Map<String, Allocation> last = lastAllocations(r.allocations());
        out.printf("%nlast allocation per asset%n%-" + w + "s %-22s %-22s %13s %8s %14s %14s%n", "asset", "decision_time", "fill_time",
                "target_weight", "weight", "units", "price");
        for (String s : r.symbols()) {
            Allocation a = last.get(s);
            if (a == null) {
                out.printf("%-" + w + "s %s%n", s, Display.UNDEFINED + " (never filled)");
            } else {
                out.printf("%-" + w + "s %-22s %-22s %13s %8s %14s %14s%n", s, Instant.ofEpochSecond(a.decisionTime()),
                        Instant.ofEpochSecond(a.fillTime()), Display.number(a.targetWeight()), Display.number(a.weightAfter()),
                        Display.number(a.unitsAfter()), Display.number(a.fillPrice()));
            }
        }
    }

    /** The statistics in the order of {@link PortfolioStats#NAMES}: times ISO-8601, counts as integers. */
    static Map<String, String> statistics(PortfolioStats s) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : PortfolioStats.NAMES) {
            out.put(name, switch (name) {
                case "start" -> Instant.ofEpochSecond(s.start()).toString();
                case "end" -> Instant.ofEpochSecond(s.end()).toString();
                case "rebalances" -> Display.value(s.rebalances());
                case "periods_per_year" -> Display.value(s.periodsPerYear());
                default -> Display.number(s.metric(name));
            });
        }
        return out;
    }

    private static Map<String, Allocation> lastAllocations(List<Allocation> allocations) {
        Map<String, Allocation> last = new LinkedHashMap<>();
        for (Allocation a : allocations) {
            last.put(a.symbol(), a);
        }
        return last;
    }
}
