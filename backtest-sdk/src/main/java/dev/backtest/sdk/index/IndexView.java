package dev.backtest.sdk.index;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An index definition as its owner reads it, every default filled in. In JSON: {@code id}, {@code user_id},
 * {@code name}, {@code description}, {@code universe}, {@code weighting}, {@code weights}, {@code lookback},
 * {@code max_weight}, {@code schedule}, {@code threshold}, {@code benchmark}, {@code base_value},
 * {@code base_currency}, {@code start_date}, {@code commission}, {@code version}, {@code created_at},
 * {@code updated_at}.
 *
 * <pre>{@code
 * IndexView ix = client.indexes().get(me, indexId);
 * client.indexes().update(me, ix.id(), IndexInput.builder().maxWeight(0.4).build(), ix.version());
 * }</pre>
 *
 * @param weights  the fixed weights; null for the other weightings
 * @param lookback the volatility lookback; null unless {@code inverse_volatility}
 * @param version  one more with every update: give it back to {@link IndexService#update} to refuse lost updates
 */
public record IndexView(UUID id, UUID userId, String name, String description, List<String> universe, String weighting,
                        Map<String, Double> weights, Integer lookback, Double maxWeight, String schedule, Double threshold,
                        String benchmark, double baseValue, String baseCurrency, LocalDate startDate, double commission, long version,
                        OffsetDateTime createdAt, OffsetDateTime updatedAt) {
}
