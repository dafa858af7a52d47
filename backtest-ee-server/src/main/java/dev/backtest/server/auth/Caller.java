package dev.backtest.server.auth;

import dev.backtest.sdk.audit.Actor;
import dev.backtest.sdk.audit.ActorKind;

import java.security.Principal;
import java.util.Optional;
import java.util.UUID;

/**
 * Who sent a request, as the authentication filter established it: a user (with the admin role or not) and the
 * verified token, or the machine credential {@code ADMIN_TOKEN}, which has no user and opens the admin routes only.
 *
 * @param userId the user's id; null for the admin token
 * @param kind   user, admin, or admin token
 * @param token  the verified token (the development stand-in in development mode); null for the admin token
 */
public record Caller(UUID userId, ActorKind kind, VerifiedToken token) implements Principal {

    /** The admin token's caller. */
    static Caller adminToken() {
        return new Caller(null, ActorKind.ADMIN_TOKEN, null);
    }

    /** Whether the admin routes are open to this caller. */
    public boolean admin() {
        return kind == ActorKind.ADMIN || kind == ActorKind.ADMIN_TOKEN;
    }

    /** The user, if the caller is one. */
    public Optional<UUID> user() {
        return Optional.ofNullable(userId);
    }

    /** The caller as the audit trail records it, within the request {@code requestId}. */
    public Actor actor(String requestId) {
        String id = requestId == null || requestId.length() <= Actor.MAX_REQUEST_ID ? requestId : requestId.substring(0, Actor.MAX_REQUEST_ID);
        return new Actor(userId, kind, id);
    }

    @Override
    public String getName() {
        return userId == null ? "admin-token" : userId.toString();
    }
}
