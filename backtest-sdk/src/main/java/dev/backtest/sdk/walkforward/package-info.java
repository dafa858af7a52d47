/** Walk-forward optimisations of stored backtests, run as background tasks ({@code walk_forward} in the task view). */
package dev.backtest.sdk.walkforward;
