package dev.backtest.sdk.audit.internal;

import dev.backtest.sdk.audit.ActorKind;
import dev.backtest.sdk.audit.AuditEvent;
import dev.backtest.sdk.persistence.internal.NullableUuidConverter;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * One row of the append-only {@code audit_events} table. Immutable: every column is insert-only, and nothing but the
 * retention purge deletes a row (on PostgreSQL a trigger refuses updates). Changed fields are stored as one
 * comma-separated list of names (NULL for none).
 *
 * <pre>{@code
 * AuditEventRecord row = new AuditEventRecord(UUID.randomUUID(), now, userId, ActorKind.USER, "strategy.update",
 *         "strategy", strategyId.toString(), null, List.of("name", "is_public"));
 * em.persist(row);                  // in the transaction of the change it records
 * AuditEvent event = row.view();    // what the API returns
 * }</pre>
 */
@Entity
@Table(name = "audit_events")
public class AuditEventRecord {

    @Id
    @Column(name = "id", nullable = false, updatable = false)
    private UUID id;

    @Column(name = "occurred_at", nullable = false, updatable = false)
    private OffsetDateTime occurredAt;

    @Column(name = "user_id", updatable = false)
    @Convert(converter = NullableUuidConverter.class)
    private UUID userId;

    @Column(name = "actor_kind", nullable = false, updatable = false, length = 16)
    private String actorKind;

    @Column(name = "action", nullable = false, updatable = false, length = 64)
    private String action;

    @Column(name = "resource_type", nullable = false, updatable = false, length = 32)
    private String resourceType;

    @Column(name = "resource_id", updatable = false, length = 64)
    private String resourceId;

    @Column(name = "request_id", updatable = false, length = 100)
    private String requestId;

    @Column(name = "changed_fields", updatable = false, length = 2000)
    private String changedFields;

    protected AuditEventRecord() {
        // for JPA
    }

    public AuditEventRecord(UUID id, OffsetDateTime occurredAt, UUID userId, ActorKind actorKind, String action, String resourceType,
                            String resourceId, String requestId, List<String> changedFields) {
        this.id = id;
        this.occurredAt = occurredAt;
        this.userId = userId;
        this.actorKind = actorKind.wire();
        this.action = action;
        this.resourceType = resourceType;
        this.resourceId = resourceId;
        this.requestId = requestId;
        this.changedFields = changedFields == null || changedFields.isEmpty() ? null : String.join(",", changedFields);
    }

    public UUID getId() { return id; }
    public OffsetDateTime getOccurredAt() { return occurredAt; }
    public UUID getUserId() { return userId; }
    public ActorKind getActorKind() { return ActorKind.fromWire(actorKind); }
    public String getAction() { return action; }
    public String getResourceType() { return resourceType; }
    public String getResourceId() { return resourceId; }
    public String getRequestId() { return requestId; }

    public List<String> getChangedFields() {
        return changedFields == null || changedFields.isEmpty() ? List.of() : Arrays.asList(changedFields.split(","));
    }

    /** The event as the API shows it. */
    public AuditEvent view() {
        return new AuditEvent(id, occurredAt.toInstant(), userId, getActorKind(), action, resourceType, resourceId, requestId,
                getChangedFields());
    }
}
