package dev.backtest.sdk.index;

import java.time.LocalDate;
import java.util.List;

/**
 * The allocation of an index in force from one rebalance on: {@code date} is the day its fills happened, and each
 * asset held then appears with its latest fill (an asset not traded at that rebalance keeps its earlier row). In
 * JSON: {@code date}, {@code allocations}.
 *
 * <pre>{@code
 * AllocationSet onNewYear = client.indexes().allocation(me, indexId, LocalDate.of(2024, 1, 1));
 * }</pre>
 */
public record AllocationSet(LocalDate date, List<IndexAllocation> allocations) {

    public AllocationSet {
        allocations = List.copyOf(allocations);
    }
}
