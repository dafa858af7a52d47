/**
 * The assets an index may hold (symbol, name, class, sector, currency, exchange) and their daily market caps:
 * read by everyone, written by administrators.
 */
package dev.backtest.sdk.asset;
