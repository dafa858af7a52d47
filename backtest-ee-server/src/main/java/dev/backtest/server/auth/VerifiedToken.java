package dev.backtest.server.auth;

import com.nimbusds.jwt.JWTClaimsSet;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Date;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * A token whose signature and claims were checked, seen through MicroProfile's {@link JsonWebToken}
 * so resources use the standard API. Dates are returned as seconds since the epoch, as the
 * MicroProfile JWT specification asks.
 */
public final class VerifiedToken implements JsonWebToken {

    private final String raw;
    private final JWTClaimsSet claims;
    private final UUID userId;

    VerifiedToken(String raw, JWTClaimsSet claims, UUID userId) {
        this.raw = raw;
        this.claims = claims;
        this.userId = userId;
    }

    /** The stand-in token of development mode (no signature was checked: there is no key to check it with). */
    static VerifiedToken development(UUID userId, String email) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(userId.toString()).claim("email", email)
                .claim("role", "authenticated").audience(TokenVerifier.AUDIENCE).build();
        return new VerifiedToken(null, claims, userId);
    }

    /** The checked claims. */
    JWTClaimsSet claims() {
        return claims;
    }

    /** The {@code sub} claim as the user id. */
    public UUID userId() {
        return userId;
    }

    @Override
    public String getName() {
        return claims.getSubject();
    }

    @Override
    public Set<String> getClaimNames() {
        Set<String> names = new HashSet<>(claims.getClaims().keySet());
        names.add(Claims.raw_token.name());
        return names;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getClaim(String claimName) {
        if (Claims.raw_token.name().equals(claimName)) {
            return (T) raw;
        }
        Object v = claims.getClaim(claimName);
        if (v instanceof Date d) {
            return (T) Long.valueOf(d.getTime() / 1000);
        }
        if (v instanceof java.util.List<?> list && Claims.aud.name().equals(claimName)) {
            return (T) new HashSet<>(list);
        }
        return (T) v;
    }

    @Override
    public String toString() {
        // never the raw token: it is a credential
        return "VerifiedToken[sub=" + claims.getSubject() + "]";
    }
}
