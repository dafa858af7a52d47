/**
 * The backtest engine: bars, series, indicators, strategies, runs, sweeps and statistics over primitive arrays, and
 * the error family the SDK and the server share. Needs nothing but {@code java.base}.
 */
module dev.backtest.engine {
    exports dev.backtest.engine;
    exports dev.backtest.engine.indicators;
    exports dev.backtest.engine.patterns;
    exports dev.backtest.engine.portfolio;
    exports dev.backtest.engine.strategies;
    exports dev.backtest.error;
}
