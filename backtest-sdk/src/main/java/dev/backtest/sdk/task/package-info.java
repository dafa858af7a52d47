/**
 * One view of everything that runs in the background: backtest runs, parameter sweeps, market-data refreshes and
 * imports, with their progress, errors and history.
 */
package dev.backtest.sdk.task;
