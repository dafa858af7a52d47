package dev.backtest.sdk.index;

import java.util.List;
import java.util.UUID;

/**
 * The values of an index's latest completed run between two days, reduced like a backtest's equity curve: at most
 * {@code points} values evenly spaced, the first and last of the range always kept. In JSON: {@code index_id},
 * {@code run_id}, {@code total}, {@code values}.
 *
 * <pre>{@code
 * IndexHistory h = client.indexes().history(me, indexId, LocalDate.of(2024, 1, 1), null, 500);
 * }</pre>
 *
 * @param total the number of values in the range before the reduction
 */
public record IndexHistory(UUID indexId, UUID runId, int total, List<IndexValue> values) {

    public IndexHistory {
        values = List.copyOf(values);
    }
}
