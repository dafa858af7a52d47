package dev.backtest.sdk.audit;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One entry of the audit trail: at {@code time}, an actor of kind {@code actorKind} did {@code action} to a resource,
 * changing the fields named in {@code changedFields} (names only, never values). In JSON (the SDK's
 * {@code BacktestJson}): {@code id}, {@code time}, {@code user_id}, {@code actor_kind} ({@code user}, {@code admin},
 * {@code admin_token}), {@code action}, {@code resource_type}, {@code resource_id}, {@code request_id},
 * {@code changed_fields}.
 *
 * <pre>{@code
 * Page<AuditEvent> mine = client.audit().list(me, AuditFilter.all(), PageRequest.first(20));
 * for (AuditEvent e : mine.items()) {
 *     System.out.println(e.time() + " " + e.actorKind().wire() + " " + e.action() + " " + e.resourceType() + "/"
 *             + e.resourceId() + " " + e.changedFields());   // ... admin backtest.update backtest/9c1e... [name, commission]
 * }
 * }</pre>
 *
 * @param id            the event's own id
 * @param time          when the change was made (microsecond precision)
 * @param userId        the user the event belongs to: the owner of the changed resource (the user id a service call
 *                      was given), or the actor's user for a standalone event; null for an {@link ActorKind#ADMIN_TOKEN}
 *                      event without a user
 * @param actorKind     who made the change
 * @param action        what was done: one of {@link AuditService#ACTIONS}, such as {@code strategy.update}
 * @param resourceType  what it was done to: one of {@link AuditService#RESOURCE_TYPES}
 * @param resourceId    which one (a UUID for stored resources, a name such as a route for {@code admin_route}); may be null
 * @param requestId     the request that carried the change; null outside requests
 * @param changedFields the snake_case names of the fields given (create) or changed (update); empty otherwise
 */
public record AuditEvent(UUID id, Instant time, UUID userId, ActorKind actorKind, String action, String resourceType,
                         String resourceId, String requestId, List<String> changedFields) {

    public AuditEvent {
        changedFields = changedFields == null ? List.of() : List.copyOf(changedFields);
    }
}
