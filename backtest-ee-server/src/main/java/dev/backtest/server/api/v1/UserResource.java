package dev.backtest.server.api.v1;

import dev.backtest.sdk.BacktestClient;
import dev.backtest.server.auth.CurrentUser;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;

import java.util.UUID;

/**
 * What every resource acting for the signed-in user is given: the SDK client, the caller and the request URI.
 * Resources stay thin: they parse the request, call the SDK for {@link #user()}, and shape the answer.
 */
abstract class UserResource {

    @Inject
    BacktestClient client;

    @Context
    SecurityContext security;

    @Context
    UriInfo uri;

    /** The signed-in user's id (the development user when authentication is off). */
    UUID user() {
        return CurrentUser.id(security);
    }
}
