package dev.backtest.server.api.v1;

import dev.backtest.sdk.ActingClient;
import dev.backtest.sdk.BacktestClient;
import dev.backtest.server.auth.Caller;
import dev.backtest.server.auth.CurrentUser;
import dev.backtest.server.http.RequestIds;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;

import java.util.List;
import java.util.UUID;

/**
 * What every resource acting for the signed-in user is given: the SDK client, the caller and the request URI.
 * Resources stay thin: they parse the request, call the SDK acting as the caller ({@link #acting()}) for
 * {@link #user()}, and shape the answer.
 */
abstract class UserResource {

    @Inject
    BacktestClient client;

    @Context
    SecurityContext security;

    @Context
    UriInfo uri;

    @Context
    HttpServletRequest request;

    /** The signed-in user's id (the development user when authentication is off). */
    UUID user() {
        return CurrentUser.id(security);
    }

    /** Who sent the request: a user, an administrator or the admin token. */
    Caller caller() {
        return CurrentUser.caller(security);
    }

    /** The SDK's services acting as the caller: their writes are audited with the caller's kind and this request's id. */
    ActingClient acting() {
        return client.as(caller().actor(RequestIds.of(request)));
    }

    /**
     * Refuses a caller who is not an administrator (the admin role or the admin token) with 403 {@code FORBIDDEN}, and
     * records the attempt in the audit trail as the authentication filter does for the admin routes.
     *
     * @param route what was attempted, as the audit trail shows it ({@code "POST /api/v1/assets"}); at most 50 characters
     * @param why   the problem's detail: what is for administrators, and what the caller may do instead
     */
    void requireAdmin(String route, String why) {
        if (caller().admin()) {
            return;
        }
        client.audit().record(caller().actor(RequestIds.of(request)), "admin.forbidden", "admin_route",
                route.length() > 50 ? route.substring(0, 50) : route, List.of());
        throw new ForbiddenException(why + ": the token has no admin role (app_metadata.role or app_metadata.roles) and its user "
                + "is not in ADMIN_USER_IDS");
    }
}
