package dev.backtest.server.auth;

import jakarta.ws.rs.core.SecurityContext;

import java.security.Principal;

/** The JAX-RS security context of an authenticated request: its principal is the {@link VerifiedToken}. */
final class TokenSecurityContext implements SecurityContext {

    private final VerifiedToken token;
    private final boolean secure;

    TokenSecurityContext(VerifiedToken token, boolean secure) {
        this.token = token;
        this.secure = secure;
    }

    @Override
    public Principal getUserPrincipal() {
        return token;
    }

    @Override
    public boolean isUserInRole(String role) {
        return role != null && role.equals(token.getClaim("role"));
    }

    @Override
    public boolean isSecure() {
        return secure;
    }

    @Override
    public String getAuthenticationScheme() {
        return "Bearer";
    }
}
