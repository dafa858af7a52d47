package dev.backtest.engine;

/** The bar the strategy is deciding on, and its time; shared by one run's views. -1 before the loop starts. */
final class Cursor {
    int bar = -1;
    long time;
}
