package dev.backtest.server.auth;

import jakarta.ws.rs.core.SecurityContext;

import java.util.UUID;

/** The acting user of a request, as the authentication filter established it. */
public final class CurrentUser {

    private CurrentUser() {
    }

    /** The user id ({@code sub}); fails loudly if a route was left outside authentication by mistake. */
    public static UUID id(SecurityContext context) {
        if (context != null && context.getUserPrincipal() instanceof VerifiedToken token) {
            return token.userId();
        }
        throw new IllegalStateException("no authenticated user on a protected route");
    }
}
