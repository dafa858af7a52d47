package dev.backtest.sdk.strategy;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.error.FieldErrors;
import dev.backtest.sdk.Page;
import dev.backtest.sdk.PageRequest;
import dev.backtest.sdk.persistence.Constraints;
import dev.backtest.sdk.persistence.Database;
import dev.backtest.sdk.persistence.JsonColumns;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Saved strategies of one user, plus read access to other users' public ones. Every method takes
 * the acting user's id; a strategy the user may not see behaves exactly like a missing one
 * ({@link ErrorCode#STRATEGY_NOT_FOUND}). Thread-safe; get it from
 * {@link dev.backtest.sdk.BacktestClient#strategies()}.
 *
 * <pre>{@code
 * StrategyView s = client.strategies().create(me,
 *         new StrategyInput("Fast cross", null, "sma_cross", Map.of("fast", 5), false));
 * Page<StrategyView> mine = client.strategies().list(me, PageRequest.first(50), false);
 * }</pre>
 */
public final class StrategyService {

    static final int MAX_NAME = 100;
    static final int MAX_DESCRIPTION = 2000;

    private final Database database;

    public StrategyService(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    /**
     * Creates a strategy owned by {@code userId}.
     *
     * @throws BacktestException {@link ErrorCode#VALIDATION_FAILED} listing each bad field,
     *         {@link ErrorCode#DUPLICATE_NAME} when the user already has a live strategy of that name
     */
    public StrategyView create(UUID userId, StrategyInput input) {
        Objects.requireNonNull(userId, "userId");
        StrategyInput in = input == null ? new StrategyInput(null, null, null, null, null) : input;
        FieldErrors errors = new FieldErrors();
        String name = errors.text("name", in.name(), MAX_NAME, true);
        String description = errors.text("description", in.description(), MAX_DESCRIPTION, false);
        Map<String, Object> parameters = parameters(errors, in.type(), in.parameters(), true);
        errors.throwIfAny();
        return writing(name, () -> database.inTransaction(em -> {
            requireFreeName(em, userId, name, null);
            StrategyDefinition s = new StrategyDefinition(userId, name, in.type(), JsonColumns.write(parameters));
            s.setDescription(description);
            s.setPublic(Boolean.TRUE.equals(in.isPublic()));
            em.persist(s);
            em.flush();
            return view(s, userId);
        }));
    }

    /** A strategy the user owns, or a public one of another user. */
    public StrategyView get(UUID userId, UUID strategyId) {
        return database.inTransaction(em -> view(readable(em, userId, strategyId), userId));
    }

    /**
     * Finds a strategy the user may read by id (a UUID string) or else by name, preferring the
     * user's own strategy of that name over a public one of another user.
     */
    public Optional<StrategyView> findReadable(UUID userId, String idOrName) {
        if (idOrName == null || idOrName.isBlank()) {
            return Optional.empty();
        }
        return database.inTransaction(em -> findReadable(em, userId, idOrName.strip()).map(s -> view(s, userId)));
    }

    /** {@link #findReadable(UUID, String)} inside a transaction that is already open. */
    public static Optional<StrategyDefinition> findReadable(EntityManager em, UUID userId, String idOrName) {
        try {
            UUID id = UUID.fromString(idOrName);
            StrategyDefinition s = em.find(StrategyDefinition.class, id);
            if (s != null && !s.isDeleted() && (s.getUserId().equals(userId) || s.isPublic())) {
                return Optional.of(s);
            }
        } catch (IllegalArgumentException notAnId) {
            // a name, then
        }
        List<StrategyDefinition> byName = em.createQuery("select s from StrategyDefinition s where s.name = :n and s.deletedAt is null "
                        + "and (s.userId = :u or s.isPublic = true) order by s.createdAt, s.id", StrategyDefinition.class)
                .setParameter("n", idOrName).setParameter("u", userId).getResultList();
        return byName.stream().filter(s -> s.getUserId().equals(userId)).findFirst().or(() -> byName.stream().findFirst());
    }

    /** The user's live strategies and, with {@code includePublic}, other users' public ones. */
    public Page<StrategyView> list(UUID userId, PageRequest page, boolean includePublic) {
        Objects.requireNonNull(page, "page");
        String where = " from StrategyDefinition s where s.deletedAt is null and (s.userId = :u"
                + (includePublic ? " or s.isPublic = true)" : ")");
        String order = switch (page.sort()) {
            case CREATED_AT -> " order by s.createdAt, s.id";
            case CREATED_AT_DESC -> " order by s.createdAt desc, s.id desc";
            case NAME -> " order by s.name, s.id";
        };
        return database.inTransaction(em -> {
            long total = em.createQuery("select count(s)" + where, Long.class).setParameter("u", userId).getSingleResult();
            List<StrategyView> items = em.createQuery("select s" + where + order, StrategyDefinition.class).setParameter("u", userId)
                    .setFirstResult(page.offset()).setMaxResults(page.limit()).getResultList()
                    .stream().map(s -> view(s, userId)).toList();
            return page.page(items, total);
        });
    }

    /**
     * Changes the fields that are not null in {@code input}. Changing the type re-validates the
     * parameters (missing ones take the new type's defaults).
     *
     * @throws BacktestException {@link ErrorCode#STRATEGY_NOT_FOUND} unless the user owns it
     */
    public StrategyView update(UUID userId, UUID strategyId, StrategyInput input) {
        StrategyInput in = input == null ? new StrategyInput(null, null, null, null, null) : input;
        FieldErrors errors = new FieldErrors();
        String name = errors.text("name", in.name(), MAX_NAME, false);
        String description = errors.text("description", in.description(), MAX_DESCRIPTION, false);
        if (in.type() != null && StrategyTypes.find(in.type()).isEmpty()) {
            errors.add("type", StrategyTypes.unknown(in.type()));
        }
        errors.throwIfAny();
        return writing(name, () -> database.inTransaction(em -> {
            StrategyDefinition s = owned(em, userId, strategyId);
            String type = in.type() != null ? in.type() : s.getType();
            if (in.type() != null || in.parameters() != null) {
                Map<String, Object> given = in.parameters() != null ? in.parameters()
                        : type.equals(s.getType()) ? JsonColumns.read(s.getParametersJson()) : Map.of();
                FieldErrors paramErrors = new FieldErrors();
                Map<String, Object> parameters = parameters(paramErrors, type, given, false);
                paramErrors.throwIfAny();
                s.setType(type);
                s.setParametersJson(JsonColumns.write(parameters));
            }
            if (name != null && !name.equals(s.getName())) {
                requireFreeName(em, userId, name, s.getId());
                s.setName(name);
            }
            if (description != null) {
                s.setDescription(description);
            }
            if (in.isPublic() != null) {
                s.setPublic(in.isPublic());
            }
            em.flush();
            return view(s, userId);
        }));
    }

    /**
     * Soft-deletes a strategy the user owns; it vanishes from lists and gets, and its name is free again.
     *
     * @throws BacktestException {@link ErrorCode#STRATEGY_NOT_FOUND} unless the user owns it
     */
    public void delete(UUID userId, UUID strategyId) {
        database.inTransaction(em -> {
            owned(em, userId, strategyId).markDeleted();
            return null;
        });
    }

    private static Map<String, Object> parameters(FieldErrors errors, String typeKey, Map<String, Object> given, boolean typeRequired) {
        if (typeKey == null) {
            if (typeRequired) {
                errors.add("type", "is required; accepted: " + String.join(", ", StrategyTypes.keys()));
            }
            return Map.of();
        }
        Optional<StrategyType> type = StrategyTypes.find(typeKey);
        if (type.isEmpty()) {
            errors.add("type", StrategyTypes.unknown(typeKey));
            return Map.of();
        }
        return type.get().validate(given, errors, "parameters");
    }

    private static StrategyDefinition readable(EntityManager em, UUID userId, UUID strategyId) {
        StrategyDefinition s = strategyId == null ? null : em.find(StrategyDefinition.class, strategyId);
        if (s == null || s.isDeleted() || !(s.getUserId().equals(userId) || s.isPublic())) {
            throw notFound(strategyId);
        }
        return s;
    }

    private static StrategyDefinition owned(EntityManager em, UUID userId, UUID strategyId) {
        StrategyDefinition s = strategyId == null ? null : em.find(StrategyDefinition.class, strategyId);
        if (s == null || s.isDeleted() || !s.getUserId().equals(userId)) {
            throw notFound(strategyId);
        }
        return s;
    }

    /** The same message whether the row is missing, deleted or another user's: nothing leaks. */
    public static BacktestException notFound(Object strategy) {
        return BacktestException.of(ErrorCode.STRATEGY_NOT_FOUND, "strategy " + strategy + " does not exist")
                .with("strategy_id", String.valueOf(strategy));
    }

    private static void requireFreeName(EntityManager em, UUID userId, String name, UUID except) {
        var query = em.createQuery("select count(s) from StrategyDefinition s where s.userId = :u and s.name = :n "
                        + "and s.deletedAt is null" + (except == null ? "" : " and s.id <> :x"), Long.class)
                .setParameter("u", userId).setParameter("n", name);
        if (except != null) {
            query.setParameter("x", except);
        }
        long taken = query.getSingleResult();
        if (taken > 0) {
            throw duplicate(name);
        }
    }

    private static BacktestException duplicate(String name) {
        return BacktestException.of(ErrorCode.DUPLICATE_NAME, "you already have a strategy named '" + name + "'; choose another name")
                .with("errors", List.of(new dev.backtest.error.FieldError("name", "is already used by another of your strategies")));
    }

    /** Turns a unique-index violation from a concurrent writer into the same error as the pre-check. */
    private static <T> T writing(String name, java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (PersistenceException e) {
            if (Constraints.isUniqueViolation(e)) {
                throw duplicate(name);
            }
            throw e;
        }
    }

    static StrategyView view(StrategyDefinition s, UUID reader) {
        return new StrategyView(s.getId(), s.getUserId(), s.getName(), s.getDescription().orElse(null), s.getType(),
                JsonColumns.read(s.getParametersJson()), s.isPublic(), s.getUserId().equals(reader), s.getCreatedAt(), s.getUpdatedAt());
    }
}
