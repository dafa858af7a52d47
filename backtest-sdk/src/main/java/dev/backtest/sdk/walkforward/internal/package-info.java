/** The walk-forward service on the database and an in-process worker. */
package dev.backtest.sdk.walkforward.internal;
