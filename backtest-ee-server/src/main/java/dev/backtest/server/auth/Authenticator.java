package dev.backtest.server.auth;

import dev.backtest.sdk.BacktestClient;
import dev.backtest.sdk.config.BacktestConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.Optional;

/** Holds what authentication needs for the application's life: the token verifier and the rate limiter. */
@ApplicationScoped
public class Authenticator {

    @Inject
    BacktestClient client;

    private volatile State state;

    record State(boolean development, TokenVerifier verifier, Roles roles, RateLimiter limiter) {
    }

    State state() {
        State s = state;
        if (s == null) {
            synchronized (this) {
                if (state == null) {
                    BacktestConfig c = client.config();
                    Optional<String> issuer = c.supabaseUrl().map(u -> u.toString().replaceAll("/+$", "") + "/auth/v1");
                    TokenVerifier verifier = c.authDisabled() ? null
                            : new TokenVerifier(c.supabaseJwtSecret(), c.supabaseJwksUrl(), issuer, Clock.systemUTC());
                    state = new State(c.authDisabled(), verifier, new Roles(c), new RateLimiter(c.rateLimitPerSecond(), c.rateLimitBurst()));
                }
                s = state;
            }
        }
        return s;
    }

    BacktestClient client() {
        return client;
    }
}
