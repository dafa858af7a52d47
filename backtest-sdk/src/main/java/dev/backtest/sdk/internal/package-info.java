/**
 * Not API: what wires the SDK's features together (the entities the database knows). It may change in any release
 * without notice.
 */
package dev.backtest.sdk.internal;
