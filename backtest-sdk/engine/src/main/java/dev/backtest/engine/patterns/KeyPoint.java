package dev.backtest.engine.patterns;

/**
 * A point of a pattern: a bar index and a price (a swing pivot's high or low).
 *
 * <pre>{@code
 * KeyPoint head = pattern.points().get(2);   // head and shoulders: LS, neck 1, head, neck 2, RS
 * System.out.println(head.bar() + " " + head.price());
 * }</pre>
 */
public record KeyPoint(int bar, double price) {
}
