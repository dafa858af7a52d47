package dev.backtest.server.auth;

import dev.backtest.sdk.audit.ActorKind;
import dev.backtest.sdk.config.BacktestConfig;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * The admin role: from Supabase's custom claims ({@code app_metadata.role} equal to {@code admin}, or
 * {@code app_metadata.roles} containing it: claims only the project's service key can set, never the user) or from
 * {@code ADMIN_USER_IDS}; and the machine credential {@code ADMIN_TOKEN}, compared in constant time.
 */
final class Roles {

    static final String ADMIN = "admin";
    private static final String BEARER = "Bearer ";

    private final BacktestConfig config;
    private final Optional<byte[]> adminToken;

    Roles(BacktestConfig config) {
        this.config = config;
        this.adminToken = config.adminToken().map(Roles::sha256);
    }

    /** The kind of a verified user: admin or plain user. */
    ActorKind kindOf(VerifiedToken token) {
        if (config.adminUserIds().contains(token.userId())) {
            return ActorKind.ADMIN;
        }
        Object metadata = token.claims().getClaim("app_metadata");
        if (metadata instanceof Map<?, ?> m && (ADMIN.equals(m.get("role"))
                || m.get("roles") instanceof Collection<?> roles && roles.contains(ADMIN))) {
            return ActorKind.ADMIN;
        }
        return ActorKind.USER;
    }

    /**
     * Whether the {@code Authorization} header carries the admin token. The comparison takes the same time
     * whatever the header holds, so timing does not reveal how much of a guess was right.
     */
    boolean isAdminToken(String authorization) {
        if (adminToken.isEmpty() || authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        // digests first: equal lengths whatever was sent, so neither the length nor a prefix can be probed
        return MessageDigest.isEqual(sha256(authorization.substring(BEARER.length()).strip()), adminToken.get());
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
