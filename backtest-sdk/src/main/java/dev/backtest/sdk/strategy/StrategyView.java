package dev.backtest.sdk.strategy;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

/**
 * A strategy as a user sees it. {@code parameters} holds every parameter of its type, defaults
 * filled in; {@code owned} says whether the reader may change it (a public strategy of another
 * user is read-only).
 *
 * <pre>{@code
 * StrategyView s = client.strategies().get(userId, id);
 * int fast = (Integer) s.parameters().get("fast");
 * }</pre>
 */
public record StrategyView(UUID id, UUID userId, String name, String description, String type, Map<String, Object> parameters,
                           boolean isPublic, boolean owned, OffsetDateTime createdAt, OffsetDateTime updatedAt) {
}
