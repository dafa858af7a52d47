/**
 * Not API: the SDK's implementation (saved reports), public only so that the SDK's own packages can reach it. It may
 * change in any release without notice; use the interfaces and records of the API packages instead
 * ({@code dev.backtest.sdk} and its packages not named {@code internal}).
 */
package dev.backtest.sdk.report.internal;
