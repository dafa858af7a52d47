package dev.backtest.sdk.audit.internal;

import dev.backtest.error.FieldErrors;
import dev.backtest.sdk.audit.Actor;
import dev.backtest.sdk.audit.ActorKind;
import dev.backtest.sdk.audit.AuditService;
import dev.backtest.sdk.persistence.internal.Database;
import jakarta.persistence.EntityManager;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Writes audit events for the services, inside their transactions: {@link #record} persists the event through the
 * entity manager of the change, so the event commits or rolls back with it. An auditor records one actor's kind and
 * request id ({@link #as(Actor)} gives one for another actor, sharing the count); the event's user is the one the
 * service call was given.
 *
 * <p>Run audited writes through {@link #inTransaction} or {@link #inTransactionRetryingRaces} (the {@link Database}
 * methods of the same names) so that the events are counted once committed ({@link #written()}): only the attempt that
 * committed counts, never one that rolled back or lost a race and ran again.
 *
 * <pre>{@code
 * Auditor auditor = new Auditor(database, Clock.systemUTC());
 * StrategyView v = auditor.inTransaction(em -> {
 *     StrategyDefinition s = ...;
 *     em.persist(s);
 *     auditor.record(em, "strategy.create", "strategy", s.getId(), userId, List.of("name", "type"));
 *     return view(s);
 * });
 * Auditor admin = auditor.as(Actor.admin(adminId, requestId));   // same trail, recorded as admin with the request id
 * }</pre>
 */
public final class Auditor {

    /** Lower-case words of letters, digits and underscores, separated by dots: {@code strategy.create}, {@code admin.cache.clear}. */
    private static final Pattern ACTION = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+");
    /** A snake_case field name: letters, digits and underscores only, so a value can never pass for a name. */
    private static final Pattern FIELD = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    /** The entity manager property listing the actions of the events of the current attempt of a transaction. */
    private static final String RECORDED = Auditor.class.getName() + ".recorded";

    private final Database database;
    private final Clock clock;
    private final ActorKind kind;
    private final String requestId;
    private final Written written;

    /** Committed events by action, shared by the auditors of one trail. */
    private static final class Written {
        private final LongAdder total = new LongAdder();
        private final ConcurrentHashMap<String, LongAdder> byAction = new ConcurrentHashMap<>();

        void add(List<String> actions) {
            total.add(actions.size());
            actions.forEach(a -> byAction.computeIfAbsent(a, k -> new LongAdder()).increment());
        }
    }

    /** An auditor recording {@link ActorKind#USER} without request id, with the system clock. */
    public Auditor(Database database) {
        this(database, Clock.systemUTC());
    }

    /** An auditor recording {@link ActorKind#USER} without request id; {@code clock} stamps the events. */
    public Auditor(Database database, Clock clock) {
        this(database, clock, ActorKind.USER, null, new Written());
    }

    private Auditor(Database database, Clock clock, ActorKind kind, String requestId, Written written) {
        this.database = Objects.requireNonNull(database, "database");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.kind = kind;
        this.requestId = requestId;
        this.written = written;
    }

    /** An auditor for the same trail recording {@code actor}'s kind and request id. */
    public Auditor as(Actor actor) {
        Objects.requireNonNull(actor, "actor");
        return new Auditor(database, clock, actor.kind(), actor.requestId(), written);
    }

    public Database database() {
        return database;
    }

    /**
     * Persists one event through {@code em}, in the transaction of the change it records.
     *
     * @param resourceId    the resource's id (its {@code toString()} is stored), or null
     * @param userId        the user the event belongs to: the user id the service call was given (null only for a
     *                      machine credential acting without a user)
     * @param changedFields snake_case names of the fields given or changed, never values
     * @throws dev.backtest.error.BacktestException {@code VALIDATION_FAILED} for a malformed action, resource type,
     *         resource id or field name (a programming error: the services pass constants)
     */
    public void record(EntityManager em, String action, String resourceType, Object resourceId, UUID userId, List<String> changedFields) {
        String id = resourceId == null ? null : resourceId.toString();
        List<String> fields = changedFields == null ? List.of() : List.copyOf(changedFields);
        FieldErrors errors = new FieldErrors();
        check(errors, action, resourceType, id, fields);
        errors.throwIfAny();
        em.persist(new AuditEventRecord(UUID.randomUUID(), now(), userId, kind, action, resourceType, id, requestId, fields));
        List<String> actions = new ArrayList<>(recorded(em));
        actions.add(action);
        em.setProperty(RECORDED, actions);
    }

    /** {@link Database#inTransaction}, counting the events it recorded once it committed. */
    public <T> T inTransaction(Function<EntityManager, T> work) {
        Attempt<T> last = new Attempt<>(work);
        T result = database.inTransaction(last);
        written.add(last.actions);
        return result;
    }

    /** {@link Database#inTransactionRetryingRaces}, counting the events of the attempt that committed. */
    public <T> T inTransactionRetryingRaces(Function<EntityManager, T> work) {
        Attempt<T> last = new Attempt<>(work);
        T result = database.inTransactionRetryingRaces(last);
        written.add(last.actions);
        return result;
    }

    /** Events committed through this auditor and the others of the same trail ({@link #as}) since it was made. */
    public long written() {
        return written.total.sum();
    }

    /** Events of {@code action} committed through this auditor's trail since it was made. */
    public long written(String action) {
        LongAdder n = written.byAction.get(action);
        return n == null ? 0 : n.sum();
    }

    @SuppressWarnings("unchecked")
    private static List<String> recorded(EntityManager em) {
        return em.getProperties().get(RECORDED) instanceof List<?> l ? (List<String>) l : List.of();
    }

    /** Runs the work and remembers how many events its latest attempt recorded (an attempt that ran again replaces it). */
    private static final class Attempt<T> implements Function<EntityManager, T> {
        private final Function<EntityManager, T> work;
        private List<String> actions = List.of();

        Attempt(Function<EntityManager, T> work) {
            this.work = work;
        }

        @Override
        public T apply(EntityManager em) {
            actions = List.of();
            T result = work.apply(em);
            actions = recorded(em);
            return result;
        }
    }

    private OffsetDateTime now() {
        // microseconds: what both databases store, so a re-read event equals the written one
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    /** The rules of an event's names, shared by the services' events and {@link AuditService#record}. */
    static void check(FieldErrors errors, String action, String resourceType, String resourceId, List<String> changedFields) {
        if (action == null || action.length() > AuditService.MAX_ACTION || !ACTION.matcher(action).matches()) {
            errors.add("action", "must be at most " + AuditService.MAX_ACTION + " characters of lower-case words separated by dots,"
                    + " such as admin.cache.clear; got " + quoted(action));
        }
        if (resourceType == null || !AuditService.RESOURCE_TYPES.contains(resourceType)) {
            errors.add("resource_type", "must be one of " + String.join(", ", AuditService.RESOURCE_TYPES) + "; got " + quoted(resourceType));
        }
        if (resourceId != null && (resourceId.isEmpty() || resourceId.length() > AuditService.MAX_RESOURCE_ID
                || resourceId.chars().anyMatch(c -> c < 0x20 || c == 0x7f))) {
            errors.add("resource_id", "must be 1 to " + AuditService.MAX_RESOURCE_ID + " characters without control characters; got "
                    + resourceId.length() + " characters");
        }
        for (String f : changedFields) {
            if (f == null || !FIELD.matcher(f).matches()) {
                // not quoted: whatever was passed by mistake (a value, a token) must not reach a message or a log
                errors.add("changed_fields", "must be snake_case field names (a-z, 0-9, _; at most 64 characters); got "
                        + (f == null ? "null" : "an entry of " + f.length() + " characters that is not one"));
            }
        }
        if (String.join(",", changedFields).length() > AuditService.MAX_CHANGED_FIELDS) {
            errors.add("changed_fields", "must be at most " + AuditService.MAX_CHANGED_FIELDS + " characters joined by commas");
        }
    }

    private static String quoted(String s) {
        return s == null ? "null" : "'" + (s.length() > 60 ? s.substring(0, 60) + "..." : s) + "'";
    }
}
