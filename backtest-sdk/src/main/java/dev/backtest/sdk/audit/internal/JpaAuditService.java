package dev.backtest.sdk.audit.internal;

import dev.backtest.error.FieldErrors;
import dev.backtest.sdk.audit.Actor;
import dev.backtest.sdk.audit.AuditEvent;
import dev.backtest.sdk.audit.AuditFilter;
import dev.backtest.sdk.audit.AuditService;
import dev.backtest.sdk.page.Page;
import dev.backtest.sdk.page.PageRequest;
import dev.backtest.sdk.persistence.internal.Database;
import jakarta.persistence.Query;
import jakarta.persistence.TypedQuery;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * {@link AuditService} on the database: reads of {@code audit_events}, standalone events and the retention purge.
 *
 * <pre>{@code
 * Auditor auditor = new Auditor(database);
 * AuditService audit = new JpaAuditService(auditor);
 * Page<AuditEvent> mine = audit.list(me, AuditFilter.all(), PageRequest.first(50));
 * }</pre>
 */
public final class JpaAuditService implements AuditService {

    private final Database database;
    private final Auditor auditor;

    /** Reads the trail {@code auditor} writes, and counts with it. */
    public JpaAuditService(Auditor auditor) {
        this.auditor = Objects.requireNonNull(auditor, "auditor");
        this.database = auditor.database();
    }

    @Override
    public Page<AuditEvent> list(UUID userId, AuditFilter filter, PageRequest page) {
        Objects.requireNonNull(userId, "userId");
        return page(userId, filter, page);
    }

    @Override
    public Page<AuditEvent> listAll(AuditFilter filter, PageRequest page) {
        return page(null, filter, page);
    }

    private Page<AuditEvent> page(UUID userId, AuditFilter filter, PageRequest page) {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(page, "page");
        String order = switch (page.sort()) {
            case CREATED_AT_DESC -> " order by e.occurredAt desc, e.id desc";
            case CREATED_AT -> " order by e.occurredAt, e.id";
            case NAME -> throw FieldErrors.single("sort", "must be -created_at (newest first, the default) or created_at for audit"
                    + " events; got 'name'");
        };
        Map<String, Object> parameters = new LinkedHashMap<>();
        List<String> conditions = new ArrayList<>();
        if (userId != null) {
            conditions.add("e.userId = :user");
            parameters.put("user", userId);
        }
        if (filter.resourceType() != null) {
            conditions.add("e.resourceType = :type");
            parameters.put("type", filter.resourceType());
        }
        if (filter.from() != null) {
            conditions.add("e.occurredAt >= :from");
            parameters.put("from", utc(filter.from()));
        }
        if (filter.to() != null) {
            conditions.add("e.occurredAt < :to");
            parameters.put("to", utc(filter.to()));
        }
        String where = " from AuditEventRecord e" + (conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions));
        return database.inTransaction(em -> {
            TypedQuery<Long> count = em.createQuery("select count(e)" + where, Long.class);
            TypedQuery<AuditEventRecord> rows = em.createQuery("select e" + where + order, AuditEventRecord.class);
            parameters.forEach((name, value) -> {
                count.setParameter(name, value);
                rows.setParameter(name, value);
            });
            long total = count.getSingleResult();
            List<AuditEvent> items = rows.setFirstResult(page.offset()).setMaxResults(page.limit()).getResultList().stream()
                    .map(AuditEventRecord::view).toList();
            return page.page(items, total);
        });
    }

    @Override
    public void record(Actor actor, String action, String resourceType, String resourceId, List<String> changedFields) {
        Objects.requireNonNull(actor, "actor");
        List<String> fields = changedFields == null ? List.of() : new ArrayList<>(changedFields);
        FieldErrors errors = new FieldErrors();
        Auditor.check(errors, action, resourceType, resourceId, fields);
        errors.throwIfAny();
        Auditor as = auditor.as(actor);
        as.inTransaction(em -> {
            as.record(em, action, resourceType, resourceId, actor.userId(), fields);
            return null;
        });
    }

    @Override
    public int purgeOlderThan(Instant cutoff) {
        Objects.requireNonNull(cutoff, "cutoff");
        return database.inTransaction(em -> {
            Query delete = em.createQuery("delete from AuditEventRecord e where e.occurredAt < :cutoff");
            return delete.setParameter("cutoff", utc(cutoff)).executeUpdate();
        });
    }

    @Override
    public long eventsWritten() {
        return auditor.written();
    }

    @Override
    public long eventsWritten(String action) {
        return auditor.written(action);
    }

    private static OffsetDateTime utc(Instant t) {
        return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }
}
