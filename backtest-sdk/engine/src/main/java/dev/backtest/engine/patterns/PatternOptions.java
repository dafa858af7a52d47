package dev.backtest.engine.patterns;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.error.FieldErrors;

import java.util.EnumSet;
import java.util.Set;

/**
 * The thresholds of the pattern rules (docs/patterns.md). Defaults: 5 % zigzag, 2 % tolerance, 50 bars to break out,
 * flags with a pole of at least 15 % over at most 30 bars retraced by at most half, every kind.
 *
 * <ul>
 *   <li>{@code zigzagPct}: the swing threshold of the {@link ZigZag}, in (0, 100).</li>
 *   <li>{@code tolerancePct}: two levels are "equal" when they differ by at most this percentage of the higher one,
 *       and a level "rises" or "falls" only by more than it; in [0, 50).</li>
 *   <li>{@code maxBreakoutBars}: a pattern expires when no close has broken out within this many bars after the bar
 *       it formed on; at least 1.</li>
 *   <li>{@code flagPoleMinPct}, {@code flagPoleMaxBars}: a flag's pole moves at least this percentage of its start in
 *       at most this many bars; {@code flagPoleMinPct > 0}, {@code flagPoleMaxBars >= 1}.</li>
 *   <li>{@code flagMaxRetracement}: a flag retraces at most this fraction of its pole, in (0, 1].</li>
 *   <li>{@code kinds}: the kinds to report, not empty.</li>
 * </ul>
 *
 * <pre>{@code
 * PatternOptions o = PatternOptions.builder().zigzagPct(3).tolerancePct(1.5)
 *         .kinds(EnumSet.of(PatternKind.DOUBLE_TOP, PatternKind.DOUBLE_BOTTOM)).build();
 * List<Pattern> found = Patterns.detect(high, low, close, o);
 * }</pre>
 *
 * @throws BacktestException {@link ErrorCode#VALIDATION_FAILED} naming every field that is wrong
 *         ({@code zigzag_pct}, {@code tolerance_pct}, {@code max_breakout_bars}, {@code flag_pole_min_pct},
 *         {@code flag_pole_max_bars}, {@code flag_max_retracement}, {@code kinds})
 */
public record PatternOptions(double zigzagPct, double tolerancePct, int maxBreakoutBars, double flagPoleMinPct,
                             int flagPoleMaxBars, double flagMaxRetracement, Set<PatternKind> kinds) {

    public static final double DEFAULT_ZIGZAG_PCT = 5;
    public static final double DEFAULT_TOLERANCE_PCT = 2;
    public static final int DEFAULT_MAX_BREAKOUT_BARS = 50;
    public static final double DEFAULT_FLAG_POLE_MIN_PCT = 15;
    public static final int DEFAULT_FLAG_POLE_MAX_BARS = 30;
    public static final double DEFAULT_FLAG_MAX_RETRACEMENT = 0.5;

    public PatternOptions {
        FieldErrors errors = new FieldErrors();
        if (!(zigzagPct > 0 && zigzagPct < 100)) {
            errors.add("zigzag_pct", "must be a percentage in (0, 100); got " + zigzagPct);
        }
        if (!(tolerancePct >= 0 && tolerancePct < 50)) {
            errors.add("tolerance_pct", "must be a percentage in [0, 50); got " + tolerancePct);
        }
        if (maxBreakoutBars < 1) {
            errors.add("max_breakout_bars", "must be at least 1; got " + maxBreakoutBars);
        }
        if (!(flagPoleMinPct > 0) || Double.isInfinite(flagPoleMinPct)) {
            errors.add("flag_pole_min_pct", "must be a finite percentage > 0; got " + flagPoleMinPct);
        }
        if (flagPoleMaxBars < 1) {
            errors.add("flag_pole_max_bars", "must be at least 1; got " + flagPoleMaxBars);
        }
        if (!(flagMaxRetracement > 0 && flagMaxRetracement <= 1)) {
            errors.add("flag_max_retracement", "must be a fraction in (0, 1]; got " + flagMaxRetracement);
        }
        if (kinds == null || kinds.isEmpty() || kinds.stream().anyMatch(java.util.Objects::isNull)) {
            errors.add("kinds", "must name at least one pattern kind; got " + kinds);
        }
        errors.throwIfAny();
        kinds = java.util.Collections.unmodifiableSet(EnumSet.copyOf(kinds));
    }

    /** Every default. */
    public static PatternOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder().zigzagPct(zigzagPct).tolerancePct(tolerancePct).maxBreakoutBars(maxBreakoutBars)
                .flagPoleMinPct(flagPoleMinPct).flagPoleMaxBars(flagPoleMaxBars).flagMaxRetracement(flagMaxRetracement)
                .kinds(kinds);
    }

    /** Builder of {@link PatternOptions}; validation happens in {@link #build()}. */
    public static final class Builder {
        private double zigzagPct = DEFAULT_ZIGZAG_PCT;
        private double tolerancePct = DEFAULT_TOLERANCE_PCT;
        private int maxBreakoutBars = DEFAULT_MAX_BREAKOUT_BARS;
        private double flagPoleMinPct = DEFAULT_FLAG_POLE_MIN_PCT;
        private int flagPoleMaxBars = DEFAULT_FLAG_POLE_MAX_BARS;
        private double flagMaxRetracement = DEFAULT_FLAG_MAX_RETRACEMENT;
        private Set<PatternKind> kinds = EnumSet.allOf(PatternKind.class);

        private Builder() {
        }

        public Builder zigzagPct(double v) { zigzagPct = v; return this; }
        public Builder tolerancePct(double v) { tolerancePct = v; return this; }
        public Builder maxBreakoutBars(int v) { maxBreakoutBars = v; return this; }
        public Builder flagPoleMinPct(double v) { flagPoleMinPct = v; return this; }
        public Builder flagPoleMaxBars(int v) { flagPoleMaxBars = v; return this; }
        public Builder flagMaxRetracement(double v) { flagMaxRetracement = v; return this; }
        public Builder kinds(Set<PatternKind> v) { kinds = v; return this; }

        /** @throws BacktestException {@link ErrorCode#VALIDATION_FAILED} naming every field that is wrong */
        public PatternOptions build() {
            return new PatternOptions(zigzagPct, tolerancePct, maxBreakoutBars, flagPoleMinPct, flagPoleMaxBars,
                    flagMaxRetracement, kinds);
        }
    }
}
