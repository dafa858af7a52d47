package dev.backtest.sdk.persistence.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.PrePersist;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.Version;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * What every table has: a UUID key assigned by the application, creation and update times kept by
 * the entity itself, and a version for optimistic locking.
 *
 * <pre>{@code
 * RunResult result = database.inTransaction(em -> em.find(RunResult.class, runId));
 * OffsetDateTime written = result.getCreatedAt();
 * long version = result.getVersion();   // one more with every update (optimistic locking)
 * }</pre>
 */
@MappedSuperclass
public abstract class AuditedEntity {

    @Id
    @Column(name = "id", nullable = false, updatable = false)
    private UUID id;

    @Column(name = "created_at", nullable = false, updatable = false)
    private OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    private OffsetDateTime updatedAt;

    @Version
    @Column(name = "version", nullable = false)
    private long version;

    protected AuditedEntity() {
        // for JPA
    }

    protected AuditedEntity(UUID id) {
        this.id = id;
    }

    @PrePersist
    void beforeInsert() {
        if (id == null) {
            id = UUID.randomUUID();
        }
        OffsetDateTime now = now();
        createdAt = now;
        updatedAt = now;
    }

    @PreUpdate
    void beforeUpdate() {
        updatedAt = now();
    }

    /** Microsecond precision: what both databases store, so a re-read value equals the written one. */
    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    public UUID getId() {
        return id;
    }

    public OffsetDateTime getCreatedAt() {
        return createdAt;
    }

    public OffsetDateTime getUpdatedAt() {
        return updatedAt;
    }

    public long getVersion() {
        return version;
    }
}
