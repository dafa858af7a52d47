/**
 * Indexes: a user's universe of assets with a weighting and a rebalance schedule, run through the run queue on the
 * portfolio engine, with their values, allocations, benchmark comparison, risk metrics and investment simulations.
 */
package dev.backtest.sdk.index;
