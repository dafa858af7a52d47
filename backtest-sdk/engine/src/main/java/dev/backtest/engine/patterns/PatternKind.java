package dev.backtest.engine.patterns;

/**
 * The chart patterns {@link Patterns#detect} finds, each with the direction its breakout is expected to take
 * ({@link BreakoutDirection#NONE} for a symmetric triangle, which may break either way). The exact rules are in
 * docs/patterns.md and in {@link PatternDetector}.
 *
 * <pre>{@code
 * if (p.kind() == PatternKind.DOUBLE_BOTTOM && p.isConfirmed()) ctx.buy();
 * PatternKind k = PatternKind.parse("bull_flag");
 * }</pre>
 */
public enum PatternKind {
    DOUBLE_TOP(BreakoutDirection.DOWN),
    DOUBLE_BOTTOM(BreakoutDirection.UP),
    HEAD_AND_SHOULDERS(BreakoutDirection.DOWN),
    INVERSE_HEAD_AND_SHOULDERS(BreakoutDirection.UP),
    ASCENDING_TRIANGLE(BreakoutDirection.UP),
    DESCENDING_TRIANGLE(BreakoutDirection.DOWN),
    SYMMETRIC_TRIANGLE(BreakoutDirection.NONE),
    BULL_FLAG(BreakoutDirection.UP),
    BEAR_FLAG(BreakoutDirection.DOWN);

    private final BreakoutDirection bias;

    PatternKind(BreakoutDirection bias) {
        this.bias = bias;
    }

    /** The breakout direction that confirms this kind; NONE when either direction does (symmetric triangle). */
    public BreakoutDirection bias() {
        return bias;
    }

    /** The lower-case name used by parameters and documents ({@code head_and_shoulders}). */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The kind whose {@link #key()} is {@code key}.
     *
     * @throws dev.backtest.error.BacktestException {@link dev.backtest.error.ErrorCode#VALIDATION_FAILED} on field
     *         {@code kinds} naming the accepted keys
     */
    public static PatternKind parse(String key) {
        for (PatternKind k : values()) {
            if (k.key().equals(key)) {
                return k;
            }
        }
        throw dev.backtest.error.FieldErrors.single("kinds", "'" + key + "' is not a pattern kind; accepted: "
                + java.util.Arrays.stream(values()).map(PatternKind::key).toList());
    }
}
