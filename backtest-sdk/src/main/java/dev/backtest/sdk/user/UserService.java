package dev.backtest.sdk.user;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.page.Page;
import dev.backtest.sdk.page.PageRequest;

import java.util.UUID;

/**
 * Users, created on first sight of a token subject. Thread-safe; get it from
 * {@link dev.backtest.sdk.BacktestClient#users()}.
 *
 * <pre>{@code
 * UUID me = UUID.fromString(jwt.getSubject());
 * client.users().ensure(me, "ada@example.com");
 * UserView view = client.users().get(me);
 * }</pre>
 */
public interface UserService {

    /**
     * Creates the user row if it does not exist yet and keeps the email current. Race-safe: two
     * first requests at once create one row ({@code INSERT ... ON CONFLICT DO NOTHING}, which H2
     * accepts in PostgreSQL mode). A user this instance ensured with the same email in the last ten
     * minutes is not written again, so that every authenticated request need not cost a round trip.
     */
    void ensure(UUID userId, String email);

    /**
     * The user with counts of their live strategies and backtests.
     *
     * @throws BacktestException {@link ErrorCode#USER_NOT_FOUND} when no such user was seen yet
     */
    UserView get(UUID userId);

    /**
     * Every user with counts of their live strategies and backtests, for administrators: newest first by default
     * ({@code created_at} oldest first; {@code name} sorts by email).
     *
     * <pre>{@code
     * Page<UserView> users = client.users().list(PageRequest.first(50));
     * }</pre>
     */
    Page<UserView> list(PageRequest page);
}
