package dev.backtest.sdk.persistence.internal;

import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

/**
 * A row that users delete: deleting stamps {@code deleted_at} and every query filters it out.
 *
 * <pre>{@code
 * database.inTransaction(em -> {
 *     em.find(StrategyDefinition.class, strategyId).markDeleted();
 *     return null;
 * });
 * List<Trade> live = database.inTransaction(em -> em.createQuery(
 *         "select t from Trade t where t.backtestId = :b and t.deletedAt is null", Trade.class)
 *         .setParameter("b", backtestId).getResultList());
 * }</pre>
 */
@MappedSuperclass
public abstract class SoftDeletableEntity extends AuditedEntity {

    @Column(name = "deleted_at")
    private OffsetDateTime deletedAt;

    protected SoftDeletableEntity() {
        // for JPA
    }

    protected SoftDeletableEntity(UUID id) {
        super(id);
    }

    public Optional<OffsetDateTime> getDeletedAt() {
        return Optional.ofNullable(deletedAt);
    }

    public boolean isDeleted() {
        return deletedAt != null;
    }

    public void markDeleted() {
        if (deletedAt == null) {
            deletedAt = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        }
    }
}
