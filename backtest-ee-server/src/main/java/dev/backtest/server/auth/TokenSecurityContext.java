package dev.backtest.server.auth;

import jakarta.ws.rs.core.SecurityContext;

import java.security.Principal;

/**
 * The JAX-RS security context of an authenticated request: its principal is the {@link Caller}; the role
 * {@code admin} is the admin role (users with it and the admin token).
 */
final class TokenSecurityContext implements SecurityContext {

    private final Caller caller;
    private final boolean secure;

    TokenSecurityContext(Caller caller, boolean secure) {
        this.caller = caller;
        this.secure = secure;
    }

    @Override
    public Principal getUserPrincipal() {
        return caller;
    }

    @Override
    public boolean isUserInRole(String role) {
        return Roles.ADMIN.equals(role) ? caller.admin() : role != null && caller.token() != null && role.equals(caller.token().getClaim("role"));
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
