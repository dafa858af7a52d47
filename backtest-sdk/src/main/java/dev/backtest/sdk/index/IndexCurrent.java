package dev.backtest.sdk.index;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * The latest value of an index (its latest completed run) and how it moved: over one day (the value before the
 * last), one month (the last value at or before the same day a month earlier) and the year to date (the last value
 * of the year before, or the first value of the year when the index started in it); NaN when there is no such
 * value. In JSON: {@code index_id}, {@code run_id}, {@code date}, {@code value}, {@code change_1d_pct},
 * {@code change_1m_pct}, {@code change_ytd_pct}, {@code allocations} (NaN as null).
 *
 * <pre>{@code
 * IndexCurrent now = client.indexes().current(me, indexId);
 * System.out.printf("%s %.2f (%+.2f %% today)%n", now.date(), now.value(), now.change1dPct());
 * }</pre>
 */
public record IndexCurrent(UUID indexId, UUID runId, LocalDate date, double value, double change1dPct, double change1mPct,
                           double changeYtdPct, List<IndexAllocation> allocations) {

    public IndexCurrent {
        allocations = List.copyOf(allocations);
    }
}
