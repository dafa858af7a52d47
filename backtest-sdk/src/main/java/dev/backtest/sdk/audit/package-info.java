/**
 * The audit trail: an append-only record of who changed what. Every write through the SDK's services (strategies,
 * backtests, trades, runs, optimizations) adds one {@link dev.backtest.sdk.audit.AuditEvent} in the same
 * transaction as the change, so there is never a change without its event nor an event for a change that rolled
 * back. An event names the action, the resource and the fields that changed, never their values, a token, a secret
 * or a request body.
 *
 * <p>Reached through {@code client.audit()} ({@link dev.backtest.sdk.audit.AuditService}); writes on behalf of an
 * administrator or a machine credential go through {@code client.as(actor)} with an {@link dev.backtest.sdk.audit.Actor}.
 * Events older than {@code AUDIT_RETENTION_DAYS} (default 365) are purged by the client at start and once a day.
 */
package dev.backtest.sdk.audit;
