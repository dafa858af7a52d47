package dev.backtest.server.api.v1;

import dev.backtest.sdk.ActingClient;
import dev.backtest.sdk.BacktestClient;
import dev.backtest.server.auth.Caller;
import dev.backtest.server.auth.CurrentUser;
import dev.backtest.server.http.RequestIds;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;

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
}
