package dev.backtest.sdk.user.internal;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.page.Page;
import dev.backtest.sdk.page.PageRequest;
import dev.backtest.sdk.persistence.internal.Database;
import dev.backtest.sdk.user.UserService;
import dev.backtest.sdk.user.UserView;
import jakarta.persistence.EntityManager;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link UserService} on the database.
 *
 * <pre>{@code
 * UserService service = new JpaUserService(database);
 * }</pre>
 */
public final class JpaUserService implements UserService {

    private static final int MAX_EMAIL = 320;
    /** How long a user seen with an email is not written again; users are never deleted, emails rarely change. */
    private static final Duration ENSURED_FOR = Duration.ofMinutes(10);
    /** At most this many users are remembered; past it the memory starts over. */
    private static final int MAX_REMEMBERED = 100_000;

    private final Database database;
    /**
     * Users this instance ensured recently, with the email they had, so that the steady traffic of known users
     * costs no database round trip. Per instance, and only a shortcut: forgetting an entry costs one write.
     */
    private final ConcurrentHashMap<UUID, Ensured> ensured = new ConcurrentHashMap<>();

    private record Ensured(String email, long atNanos) {
    }

    public JpaUserService(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public void ensure(UUID userId, String email) {
        Objects.requireNonNull(userId, "userId");
        String mail = email == null || email.isBlank() || email.length() > MAX_EMAIL ? null : email.strip();
        long nanos = System.nanoTime();
        Ensured known = ensured.get(userId);
        if (known != null && Objects.equals(known.email(), mail) && nanos - known.atNanos() < ENSURED_FOR.toNanos()) {
            return;
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        database.inTransaction(em -> {
            int inserted = em.createNativeQuery("INSERT INTO users (id, email, role, created_at, updated_at, version) "
                            + "VALUES (?1, ?2, 'authenticated', ?3, ?3, 0) ON CONFLICT DO NOTHING")
                    .setParameter(1, userId).setParameter(2, mail).setParameter(3, now).executeUpdate();
            if (inserted == 0 && mail != null) {
                // Only touches the row when the email really changed, so steady traffic writes nothing.
                em.createNativeQuery("UPDATE users SET email = ?1, updated_at = ?2, version = version + 1 "
                                + "WHERE id = ?3 AND (email IS NULL OR email <> ?1)")
                        .setParameter(1, mail).setParameter(2, now).setParameter(3, userId).executeUpdate();
            }
            return null;
        });
        if (ensured.size() >= MAX_REMEMBERED) {
            ensured.clear();
        }
        ensured.put(userId, new Ensured(mail, nanos));
    }

    @Override
    public UserView get(UUID userId) {
        return database.inTransaction(em -> {
            User u = em.find(User.class, userId);
            if (u == null || u.isDeleted()) {
                throw BacktestException.of(ErrorCode.USER_NOT_FOUND, "user " + userId + " does not exist");
            }
            return new UserView(u.getId(), u.getEmail().orElse(null), u.getCreatedAt(),
                    count(em, "StrategyDefinition", userId), count(em, "Backtest", userId));
        });
    }

    @Override
    public Page<UserView> list(PageRequest page) {
        String order = switch (page.sort()) {
            case CREATED_AT -> "u.created_at ASC, u.id ASC";
            case CREATED_AT_DESC -> "u.created_at DESC, u.id DESC";
            case NAME -> "u.email ASC NULLS LAST, u.id ASC";
        };
        return database.inTransaction(em -> {
            long total = ((Number) em.createNativeQuery("SELECT count(*) FROM users WHERE deleted_at IS NULL").getSingleResult()).longValue();
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("SELECT u.id, u.email, u.created_at,"
                            + " (SELECT count(*) FROM strategies s WHERE s.user_id = u.id AND s.deleted_at IS NULL),"
                            + " (SELECT count(*) FROM backtests b WHERE b.user_id = u.id AND b.deleted_at IS NULL)"
                            + " FROM users u WHERE u.deleted_at IS NULL ORDER BY " + order + " LIMIT ?1 OFFSET ?2")
                    .setParameter(1, page.limit()).setParameter(2, page.offset()).getResultList();
            List<UserView> users = rows.stream().map(r -> new UserView(uuid(r[0]), (String) r[1], offsetDateTime(r[2]),
                    ((Number) r[3]).longValue(), ((Number) r[4]).longValue())).toList();
            return page.page(users, total);
        });
    }

    private static UUID uuid(Object o) {
        return o instanceof UUID u ? u : UUID.fromString(o.toString());
    }

    private static OffsetDateTime offsetDateTime(Object o) {
        if (o instanceof OffsetDateTime t) {
            return t;
        }
        if (o instanceof java.sql.Timestamp t) {
            return t.toInstant().atOffset(ZoneOffset.UTC);
        }
        if (o instanceof java.time.Instant t) {
            return t.atOffset(ZoneOffset.UTC);
        }
        return OffsetDateTime.parse(o.toString());
    }

    private static long count(EntityManager em, String entity, UUID userId) {
        return em.createQuery("select count(x) from " + entity + " x where x.userId = :u and x.deletedAt is null", Long.class)
                .setParameter("u", userId).getSingleResult();
    }
}
