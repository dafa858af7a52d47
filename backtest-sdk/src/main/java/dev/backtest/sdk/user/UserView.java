package dev.backtest.sdk.user;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * What a user sees of themselves: id (the token's subject), email, when first seen, and how many
 * live strategies and backtests they own.
 *
 * <pre>{@code
 * UserView me = client.users().get(userId);
 * me.strategyCount();
 * }</pre>
 */
public record UserView(UUID id, String email, OffsetDateTime createdAt, long strategyCount, long backtestCount) {
}
