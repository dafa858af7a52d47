package dev.backtest.engine.patterns;

import dev.backtest.engine.StrategyInit;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.error.FieldErrors;

import java.util.List;

/**
 * Chart-pattern detection over whole price arrays: a {@link PatternDetector} run over every bar, so a pattern's
 * {@code formedBar} and {@code confirmationBar} are the bars on which it became known and broke out, and nothing in a
 * result depends on a later bar than those. Strategies use {@link #feed(StrategyInit, PatternOptions)}, which shows a
 * bar only what was known at its close. The rules are in {@link PatternDetector} and docs/patterns.md.
 *
 * <pre>{@code
 * List<Pattern> found = Patterns.detect(series.high(), series.low(), series.close(), PatternOptions.defaults());
 * found.stream().filter(Pattern::isConfirmed).forEach(p -> System.out.println(p.kind() + " at " + p.confirmationBar()));
 * }</pre>
 */
public final class Patterns {

    private Patterns() {
    }

    /**
     * Every pattern formed in the series, in formation order: confirmed, failed, or pending at the last bar.
     *
     * @throws BacktestException {@link ErrorCode#VALIDATION_FAILED} naming the array (and bar) that is missing, not
     *         aligned or holds a price that is not finite and positive, or {@code options} when it is null
     */
    public static List<Pattern> detect(double[] high, double[] low, double[] close, PatternOptions options) {
        if (close == null) {
            throw FieldErrors.single("close", "is required");
        }
        Inputs.check(high, low, close);
        PatternDetector d = new PatternDetector(options);
        for (int i = 0; i < high.length; i++) {
            d.next(high[i], low[i], close[i]);
        }
        return d.patterns();
    }

    /** Detection over a strategy's bars, computed in {@code init}, shown to {@code next} without look-ahead. */
    public static PatternFeed feed(StrategyInit init, PatternOptions options) {
        return new PatternFeed(detect(init.high(), init.low(), init.close(), options));
    }
}
