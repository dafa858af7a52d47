package dev.backtest.engine.patterns;

import dev.backtest.engine.StrategyContext;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The patterns of a run's bars, computed once in a strategy's {@code init} and shown to {@code next} as they were
 * known at the current bar's close: a pattern appears from its formed bar on, and its confirmation (or failure) only
 * from the bar it happened on; until then it is shown pending ({@code confirmationBar} −1, the kind's bias, the
 * expected boundary at the formed bar). A strategy therefore never sees a pattern confirmed after its current bar.
 *
 * <pre>{@code
 * PatternFeed patterns;
 * public void init(StrategyInit in) { patterns = Patterns.feed(in, PatternOptions.defaults()); }
 * public void next(StrategyContext ctx) {
 *     for (Pattern p : patterns.confirmedOn(ctx)) {
 *         if (p.direction() == BreakoutDirection.UP && !ctx.position().isLong()) {
 *             ctx.position().close();
 *             ctx.buy(Order.allIn().sl(p.stopLevel()));
 *         }
 *     }
 * }
 * }</pre>
 */
public final class PatternFeed {

    private final List<Pattern> all;
    private final Map<Integer, List<Pattern>> byConfirmation = new HashMap<>();

    PatternFeed(List<Pattern> all) {
        this.all = all;
        for (Pattern p : all) {
            if (p.isConfirmed()) {
                byConfirmation.computeIfAbsent(p.confirmationBar(), b -> new ArrayList<>()).add(p);
            }
        }
    }

    /** The patterns confirmed on the current bar's close, in formation order. */
    public List<Pattern> confirmedOn(StrategyContext ctx) {
        return confirmedOn(ctx.bar());
    }

    /** Every pattern formed up to the current bar, as known at its close, in formation order. */
    public List<Pattern> known(StrategyContext ctx) {
        return knownAt(ctx.bar());
    }

    List<Pattern> confirmedOn(int bar) {
        return byConfirmation.getOrDefault(bar, List.of());
    }

    List<Pattern> knownAt(int bar) {
        List<Pattern> out = new ArrayList<>();
        for (Pattern p : all) {
            if (p.formedBar() <= bar) {
                out.add(p.asOf(bar));
            }
        }
        return out;
    }
}
