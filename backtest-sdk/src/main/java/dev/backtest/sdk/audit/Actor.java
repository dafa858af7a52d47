package dev.backtest.sdk.audit;

import dev.backtest.error.FieldErrors;

import java.util.Objects;
import java.util.UUID;

/**
 * Who is acting, as the audit trail records it: the kind of actor, the acting user (none for the machine credential
 * {@link ActorKind#ADMIN_TOKEN}) and the id of the request that carried the change, if any. The server builds one per
 * request; SDK code without requests uses {@link #user(UUID)}, which is also what {@code client.strategies()} and the
 * other plain services record.
 *
 * <pre>{@code
 * Actor me = Actor.user(userId);                                   // kind user, no request id
 * Actor admin = new Actor(adminId, ActorKind.ADMIN, "req-4f2a");   // an administrator, within request req-4f2a
 * Actor machine = Actor.adminToken("req-77c1");                    // the ADMIN_TOKEN credential: no user
 * client.as(admin).strategies().delete(ownerId, strategyId);       // recorded as admin, request req-4f2a
 * }</pre>
 *
 * @param userId    the acting user; null only for {@link ActorKind#ADMIN_TOKEN}
 * @param kind      the kind of actor, required
 * @param requestId the request's id, at most {@value #MAX_REQUEST_ID} characters without control characters; null
 *                  (or blank) for none
 */
public record Actor(UUID userId, ActorKind kind, String requestId) {

    /** Longest request id, in characters (the {@code request_id} column). */
    public static final int MAX_REQUEST_ID = 100;

    /**
     * Checks the actor.
     *
     * @throws dev.backtest.error.BacktestException {@link dev.backtest.error.ErrorCode#VALIDATION_FAILED} naming each
     *         bad field: {@code actor_kind} missing, {@code user_id} missing for a user or an admin, {@code request_id}
     *         longer than {@value #MAX_REQUEST_ID} characters or with control characters
     */
    public Actor {
        FieldErrors errors = new FieldErrors();
        if (kind == null) {
            errors.add("actor_kind", "is required; accepted: " + ActorKind.accepted());
        } else if (userId == null && kind != ActorKind.ADMIN_TOKEN) {
            errors.add("user_id", "is required for an actor of kind " + kind.wire() + " (only admin_token acts without a user)");
        }
        if (requestId != null && requestId.isBlank()) {
            requestId = null;
        }
        if (requestId != null) {
            if (requestId.length() > MAX_REQUEST_ID) {
                errors.add("request_id", "must be at most " + MAX_REQUEST_ID + " characters; got " + requestId.length());
            } else if (requestId.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                errors.add("request_id", "must not contain control characters");
            }
        }
        errors.throwIfAny();
    }

    /** A user acting on their own resources, outside any request: kind {@link ActorKind#USER}, no request id. */
    public static Actor user(UUID userId) {
        return new Actor(Objects.requireNonNull(userId, "userId"), ActorKind.USER, null);
    }

    /** An administrator (a user with the admin role) within the request {@code requestId} (may be null). */
    public static Actor admin(UUID userId, String requestId) {
        return new Actor(Objects.requireNonNull(userId, "userId"), ActorKind.ADMIN, requestId);
    }

    /** The machine credential of the admin routes ({@code ADMIN_TOKEN}), which has no user, within {@code requestId}. */
    public static Actor adminToken(String requestId) {
        return new Actor(null, ActorKind.ADMIN_TOKEN, requestId);
    }

    /** This actor within another request (null: none). */
    public Actor withRequestId(String requestId) {
        return new Actor(userId, kind, requestId);
    }
}
