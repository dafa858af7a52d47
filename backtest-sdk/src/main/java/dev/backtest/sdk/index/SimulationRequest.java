package dev.backtest.sdk.index;

import java.time.LocalDate;
import java.util.UUID;

/**
 * An investment to simulate: {@code amount} put at {@code startDate} into one of the caller's indexes (its universe,
 * weighting and schedule, from the later of the two start dates) or into a single asset, with an optional monthly
 * contribution; the portfolio engine's simulation (docs/portfolio.md). Exactly one of {@code indexId} and
 * {@code symbol}. Every field may be null here ({@code amount} too, so that a request missing it names it with the
 * other missing fields): {@link IndexService#simulate} reports each one wrong at once.
 *
 * <pre>{@code
 * SimulationResultView s = client.indexes().simulate(me,
 *         new SimulationRequest(10_000.0, LocalDate.of(2023, 6, 1), null, 500.0, indexId, null));
 * }</pre>
 *
 * @param amount              finite, > 0, at most 10^12
 * @param startDate           required, from 1970-01-01 to today
 * @param currency            1–12 letters or digits, default {@code USD}: the index's base currency, or the asset's currency
 * @param monthlyContribution optional, finite, ≥ 0, at most 10^12
 */
public record SimulationRequest(Double amount, LocalDate startDate, String currency, Double monthlyContribution, UUID indexId,
                                String symbol) {
}
