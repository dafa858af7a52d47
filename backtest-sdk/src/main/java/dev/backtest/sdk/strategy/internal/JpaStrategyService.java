package dev.backtest.sdk.strategy.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backtest.engine.strategies.StrategySpec;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.error.FieldErrors;
import dev.backtest.sdk.audit.internal.Auditor;
import dev.backtest.sdk.audit.internal.ChangedFields;
import dev.backtest.sdk.page.Page;
import dev.backtest.sdk.page.PageRequest;
import dev.backtest.sdk.ml.internal.StrategyCatalog;
import dev.backtest.sdk.persistence.internal.Constraints;
import dev.backtest.sdk.persistence.internal.Database;
import dev.backtest.sdk.persistence.internal.StoredJson;
import dev.backtest.sdk.strategy.StrategyInput;
import dev.backtest.sdk.strategy.StrategyService;
import dev.backtest.sdk.strategy.StrategyView;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link StrategyService} on the database. Each create, update and delete records one audit event
 * ({@code strategy.create}, {@code strategy.update}, {@code strategy.delete}) in its own transaction.
 *
 * <pre>{@code
 * StrategyService service = new JpaStrategyService(database, auditor);
 * }</pre>
 */
public final class JpaStrategyService implements StrategyService {

    private static final String RESOURCE = "strategy";

    private final Database database;
    private final Auditor auditor;
    private final StrategyCatalog catalog;

    /** With an audit trail of its own (recording kind user). */
    public JpaStrategyService(Database database) {
        this(database, new Auditor(database));
    }

    /** Recording its writes through {@code auditor} (its actor kind and request id). */
    public JpaStrategyService(Database database, Auditor auditor) {
        this(database, auditor, StrategyCatalog.builtIns());
    }

    /** Resolving types in {@code catalog}: the built-ins and {@code ml_predictive} on the user's models. */
    public JpaStrategyService(Database database, Auditor auditor, StrategyCatalog catalog) {
        this.database = Objects.requireNonNull(database, "database");
        this.auditor = Objects.requireNonNull(auditor, "auditor");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    @Override
    public StrategyView create(UUID userId, StrategyInput input) {
        Objects.requireNonNull(userId, "userId");
        StrategyInput in = input == null ? new StrategyInput(null, null, null, null, null) : input;
        FieldErrors errors = new FieldErrors();
        String name = errors.text("name", in.name(), MAX_NAME, true);
        String description = errors.text("description", in.description(), MAX_DESCRIPTION, false);
        Map<String, Object> parameters = parameters(errors, userId, in.type(), in.parameters(), true);
        errors.throwIfAny();
        return writing(name, () -> auditor.inTransaction(em -> {
            requireFreeName(em, userId, name, null);
            StrategyDefinition s = new StrategyDefinition(userId, name, in.type(), StoredJson.writeParameters(parameters));
            s.setDescription(description);
            s.setPublic(Boolean.TRUE.equals(in.isPublic()));
            em.persist(s);
            em.flush();
            auditor.record(em, "strategy.create", RESOURCE, s.getId(), userId, new ChangedFields().given("name", in.name())
                    .given("description", in.description()).given("type", in.type()).given("parameters", in.parameters())
                    .given("is_public", in.isPublic()).list());
            return view(s, userId);
        }));
    }

    @Override
    public StrategyView get(UUID userId, UUID strategyId) {
        return database.inTransaction(em -> view(readable(em, userId, strategyId), userId));
    }

    @Override
    public Optional<StrategyView> findReadable(UUID userId, String idOrName) {
        if (idOrName == null || idOrName.isBlank()) {
            return Optional.empty();
        }
        return database.inTransaction(em -> readable(em, userId, idOrName.strip()).map(s -> view(s, userId)));
    }

    /** {@link #findReadable(UUID, String)} inside a transaction that is already open. */
    public static Optional<StrategyDefinition> readable(EntityManager em, UUID userId, String idOrName) {
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

    @Override
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

    @Override
    public StrategyView update(UUID userId, UUID strategyId, StrategyInput input) {
        StrategyInput in = input == null ? new StrategyInput(null, null, null, null, null) : input;
        FieldErrors errors = new FieldErrors();
        String name = errors.text("name", in.name(), MAX_NAME, false);
        String description = errors.text("description", in.description(), MAX_DESCRIPTION, false);
        if (in.type() != null && !StrategyCatalog.keys().contains(in.type())) {
            errors.add("type", unknownType(in.type()));
        }
        errors.throwIfAny();
        return writing(name, () -> auditor.inTransaction(em -> {
            StrategyDefinition s = owned(em, userId, strategyId);
            Stored before = Stored.of(s);
            String type = in.type() != null ? in.type() : s.getType();
            if (in.type() != null || in.parameters() != null) {
                Map<String, Object> given = in.parameters() != null ? in.parameters()
                        : type.equals(s.getType()) ? StoredJson.parameters(s.getParametersJson()) : Map.of();
                FieldErrors paramErrors = new FieldErrors();
                Map<String, Object> parameters = parameters(paramErrors, userId, type, given, false);
                paramErrors.throwIfAny();
                s.setType(type);
                s.setParametersJson(StoredJson.writeParameters(parameters));
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
            auditor.record(em, "strategy.update", RESOURCE, s.getId(), userId, before.changedTo(Stored.of(s)));
            return view(s, userId);
        }));
    }

    /**
     * The fields of a strategy a user may change, as stored: an update's audit event names those that differ. Parameters
     * compare as JSON trees (PostgreSQL's JSONB gives back its own spelling of what was written).
     */
    private record Stored(String name, String description, String type, JsonNode parameters, boolean isPublic) {
        static Stored of(StrategyDefinition s) {
            return new Stored(s.getName(), s.getDescription().orElse(null), s.getType(), StoredJson.tree(s.getParametersJson()), s.isPublic());
        }

        List<String> changedTo(Stored after) {
            return new ChangedFields().compare("name", name, after.name).compare("description", description, after.description)
                    .compare("type", type, after.type).compare("parameters", parameters, after.parameters)
                    .compare("is_public", isPublic, after.isPublic).list();
        }
    }

    @Override
    public void delete(UUID userId, UUID strategyId) {
        auditor.inTransaction(em -> {
            owned(em, userId, strategyId).markDeleted();
            auditor.record(em, "strategy.delete", RESOURCE, strategyId, userId, List.of());
            return null;
        });
    }

    private Map<String, Object> parameters(FieldErrors errors, UUID userId, String typeKey, Map<String, Object> given, boolean typeRequired) {
        if (typeKey == null) {
            if (typeRequired) {
                errors.add("type", "is required; accepted: " + String.join(", ", StrategyCatalog.keys()));
            }
            return Map.of();
        }
        Optional<StrategySpec> type = catalog.find(userId, typeKey);
        if (type.isEmpty()) {
            errors.add("type", unknownType(typeKey));
            return Map.of();
        }
        return type.get().validate(given, errors, "parameters");
    }

    private static String unknownType(String key) {
        return "must be one of " + String.join(", ", StrategyCatalog.keys()) + "; got '" + key + "'";
    }

    private static StrategyDefinition readable(EntityManager em, UUID userId, UUID strategyId) {
        StrategyDefinition s = strategyId == null ? null : em.find(StrategyDefinition.class, strategyId);
        if (s == null || s.isDeleted() || !(s.getUserId().equals(userId) || s.isPublic())) {
            throw StrategyService.notFound(strategyId);
        }
        return s;
    }

    private static StrategyDefinition owned(EntityManager em, UUID userId, UUID strategyId) {
        StrategyDefinition s = strategyId == null ? null : em.find(StrategyDefinition.class, strategyId);
        if (s == null || s.isDeleted() || !s.getUserId().equals(userId)) {
            throw StrategyService.notFound(strategyId);
        }
        return s;
    }

    /** The same message whether the row is missing, deleted or another user's: nothing leaks. */

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
                StoredJson.parameters(s.getParametersJson()), s.isPublic(), s.getUserId().equals(reader), s.getCreatedAt(), s.getUpdatedAt());
    }
}
