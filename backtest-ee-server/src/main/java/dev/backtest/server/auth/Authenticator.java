package dev.backtest.server.auth;

import dev.backtest.sdk.BacktestClient;
import dev.backtest.sdk.audit.ActorKind;
import dev.backtest.sdk.config.BacktestConfig;
import dev.backtest.server.config.DevelopmentMode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Holds what authentication needs for the application's life (the token verifier and the rate limiter) and decides
 * whether a request is let in ({@link #admit}): for {@link AuthenticationFilter}, and for a servlet filter that
 * answers before JAX-RS (the cached candles), which then leaves the caller in {@link #ADMITTED} so that a request
 * it passes on is not counted twice.
 */
@ApplicationScoped
public class Authenticator {

    /** Request attribute: the {@link Caller} a filter in front of JAX-RS admitted; the JAX-RS filter takes it as is. */
    public static final String ADMITTED = "dev.backtest.admitted";
    /** The rate-limit bucket of the admin token, which has no user. */
    private static final UUID ADMIN_TOKEN_BUCKET = new UUID(0, 0);

    /** What {@link #admit} decided. */
    public sealed interface Admission permits Admitted, Rejected, AdminTokenRefused, Limited {
    }

    /** Let in: the caller, counted by the rate limiter and known to the users table. */
    public record Admitted(Caller caller) implements Admission {
    }

    /** No token, or one that failed verification (401). */
    public record Rejected(TokenRejected rejection) implements Admission {
    }

    /** The admin token on a route it does not open (403). */
    public record AdminTokenRefused() implements Admission {
    }

    /** Over the caller's rate limit (429), with the seconds to wait. */
    public record Limited(long retryAfterSeconds) implements Admission {
    }

    @Inject
    BacktestClient client;

    private volatile State state;

    /**
     * {@code developer}: the one caller of development mode, made once (its token is immutable); null when tokens are
     * checked, and then {@code verifier} is set.
     */
    record State(TokenVerifier verifier, Roles roles, RateLimiter limiter, Caller developer) {
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
                    // no key to check tokens with: one local user, who may also use the admin routes
                    Caller developer = c.authDisabled() ? new Caller(DevelopmentMode.USER_ID, ActorKind.ADMIN,
                            VerifiedToken.development(DevelopmentMode.USER_ID, DevelopmentMode.USER_EMAIL)) : null;
                    state = new State(verifier, new Roles(c), new RateLimiter(c.rateLimitPerSecond(), c.rateLimitBurst()), developer);
                }
                s = state;
            }
        }
        return s;
    }

    BacktestClient client() {
        return client;
    }

    /**
     * Whether a request to {@code path} (without its leading slash; not a public route) with this
     * {@code Authorization} header is let in: the development user when no key is configured, else the admin token
     * where it opens the route, else the user of a valid token; then one permit of the caller's rate limit, and the
     * user recorded (with the token's e-mail). The admin-role check of the admin routes is the caller's.
     */
    public Admission admit(String method, String path, String authorization) {
        State s = state();
        Caller caller;
        if (s.developer() != null) {
            caller = s.developer();
        } else if (s.roles().isAdminToken(authorization)) {
            if (!AuthenticationFilter.openToAdminToken(method, path)) {
                return new AdminTokenRefused();
            }
            caller = Caller.adminToken();
        } else {
            try {
                VerifiedToken token = s.verifier().verify(authorization);
                caller = new Caller(token.userId(), s.roles().kindOf(token), token);
            } catch (TokenRejected e) {
                return new Rejected(e);
            }
        }
        OptionalLong wait = s.limiter().acquire(caller.user().orElse(ADMIN_TOKEN_BUCKET));
        if (wait.isPresent()) {
            return new Limited(wait.getAsLong());
        }
        if (caller.token() != null) {
            Object email = caller.token().getClaim("email");
            client.users().ensure(caller.userId(), email instanceof String e ? e : null);
        }
        return new Admitted(caller);
    }
}
