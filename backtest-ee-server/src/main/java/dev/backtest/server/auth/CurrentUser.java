package dev.backtest.server.auth;

import jakarta.ws.rs.core.SecurityContext;

import java.util.UUID;

/** The caller of a request, as the authentication filter established it. */
public final class CurrentUser {

    private CurrentUser() {
    }

    /** The caller; fails loudly if a route was left outside authentication by mistake. */
    public static Caller caller(SecurityContext context) {
        if (context != null && context.getUserPrincipal() instanceof Caller caller) {
            return caller;
        }
        throw new IllegalStateException("no authenticated caller on a protected route");
    }

    /** The user id ({@code sub}); the admin token has none and never reaches a user's route. */
    public static UUID id(SecurityContext context) {
        return caller(context).user().orElseThrow(() -> new IllegalStateException("the admin token acts for no user"));
    }
}
