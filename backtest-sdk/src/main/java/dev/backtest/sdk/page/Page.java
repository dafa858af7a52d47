package dev.backtest.sdk.page;

import java.util.List;

/**
 * One page of a list: the items, how many match in all, and where the next page starts
 * ({@code nextCursor} is null on the last page).
 *
 * <pre>{@code
 * Page<StrategyView> page = client.strategies().list(userId, PageRequest.first(50), false);
 * while (page.nextCursor() != null) {
 *     page = client.strategies().list(userId, PageRequest.parse("50", null, page.nextCursor(), null), false);
 * }
 * }</pre>
 */
public record Page<T>(List<T> items, long total, int limit, int offset, String nextCursor) {

    public Page {
        items = List.copyOf(items);
    }
}
