package dev.backtest.engine.patterns;

/**
 * A straight line over bar indices: {@code price + slope · (bar − this.bar)}. Pattern boundaries are trendlines through
 * two swing points, or horizontal ones at a level.
 *
 * <pre>{@code
 * Trendline neckline = Trendline.through(new KeyPoint(10, 95), new KeyPoint(30, 97));
 * double at40 = neckline.at(40);   // 98
 * }</pre>
 */
public record Trendline(int bar, double price, double slope) {

    /** The line through {@code a} and {@code b} ({@code a.bar() != b.bar()}). */
    public static Trendline through(KeyPoint a, KeyPoint b) {
        return new Trendline(a.bar(), a.price(), (b.price() - a.price()) / (b.bar() - a.bar()));
    }

    /** The horizontal line at {@code price}, anchored at {@code bar}. */
    public static Trendline horizontal(int bar, double price) {
        return new Trendline(bar, price, 0);
    }

    /** The line's price at {@code bar}. */
    public double at(int bar) {
        return price + slope * (bar - this.bar);
    }
}
