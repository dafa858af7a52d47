package dev.backtest.engine.patterns;

/**
 * A swing point of a {@link ZigZag}: the pivot bar and its high (or low) price, and the bar on which it became known,
 * the first bar whose low (high) had reversed from the pivot by the threshold. A strategy may use a swing from its
 * {@code confirmedBar} on, never at its {@code bar} (unless they coincide).
 *
 * <pre>{@code
 * for (Swing s : ZigZag.swings(high, low, 5)) {
 *     System.out.println((s.high() ? "high " : "low ") + s.price() + " at " + s.bar() + ", known at " + s.confirmedBar());
 * }
 * }</pre>
 */
public record Swing(int bar, double price, boolean high, int confirmedBar) {

    /** The pivot as a key point. */
    public KeyPoint point() {
        return new KeyPoint(bar, price);
    }
}
