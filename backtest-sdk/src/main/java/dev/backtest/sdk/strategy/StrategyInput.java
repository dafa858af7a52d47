package dev.backtest.sdk.strategy;

import java.util.Map;

/**
 * The fields of a strategy a user sends. On create, {@code name} and {@code type} are required;
 * on update every null field keeps its current value.
 *
 * <pre>{@code
 * new StrategyInput("Fast cross", "10/30 SMA", "sma_cross", Map.of("fast", 10, "slow", 30), false)
 * }</pre>
 */
public record StrategyInput(String name, String description, String type, Map<String, Object> parameters, Boolean isPublic) {
}
