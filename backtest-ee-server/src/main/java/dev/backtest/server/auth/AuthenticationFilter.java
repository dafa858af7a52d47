package dev.backtest.server.auth;

import dev.backtest.server.config.DevelopmentMode;
import dev.backtest.server.problem.Problems;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.OptionalLong;

/**
 * Authenticates every JAX-RS route except {@code /}, {@code /api/v1/health/**} and {@code /docs/**}: verifies the
 * bearer token ({@link TokenVerifier}), applies the per-user rate limit, makes sure the user row
 * exists and hands resources the token as the request's principal (a MicroProfile
 * {@code JsonWebToken}). Failures are 401 problems with a reason code and a
 * {@code WWW-Authenticate} header; the token itself is never logged. In development mode (no
 * secret and no JWKS configured) every request acts as {@link DevelopmentMode#USER_ID}.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class AuthenticationFilter implements ContainerRequestFilter {

    private static final Logger LOG = LoggerFactory.getLogger(AuthenticationFilter.class);

    @Context
    HttpServletRequest request;

    /** The application-scoped authenticator (a client proxy, so safe to keep), looked up on first use. */
    private volatile Authenticator authenticator;

    /**
     * Routes answered without a token ({@code /openapi}, {@code /metrics} and {@code /health} are
     * Payara's own and never reach this filter). The OpenAPI document marks the same routes public.
     */
    public static boolean isPublic(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        // /docs is the Swagger UI on main (static files, public like /openapi)
        return p.isEmpty() || p.equals("api/v1/health") || p.startsWith("api/v1/health/") || p.equals("docs") || p.startsWith("docs/");
    }

    @Override
    public void filter(ContainerRequestContext ctx) {
        String path = ctx.getUriInfo().getPath();
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (isPublic(p)) {
            return;
        }
        Authenticator auth = authenticator;
        if (auth == null) { // a CDI lookup per request costs more than the rest of this filter
            auth = CDI.current().select(Authenticator.class).get();
            authenticator = auth;
        }
        Authenticator.State state = auth.state();
        VerifiedToken token;
        if (state.development()) {
            token = VerifiedToken.development(DevelopmentMode.USER_ID, DevelopmentMode.USER_EMAIL);
        } else {
            try {
                token = state.verifier().verify(ctx.getHeaderString(HttpHeaders.AUTHORIZATION));
            } catch (TokenRejected e) {
                LOG.debug("rejected token on {} /{}: {}", ctx.getMethod(), p, e.reason());
                String challenge = e.reason() == TokenRejected.Reason.TOKEN_MISSING ? "Bearer realm=\"backtest\""
                        : "Bearer realm=\"backtest\", error=\"invalid_token\", error_description=\"" + e.reason() + "\"";
                ctx.abortWith(Problems.builder(401, e.reason().name(), e.getMessage(), request, Map.of("reason", e.reason().name()))
                        .header(HttpHeaders.WWW_AUTHENTICATE, challenge).build());
                return;
            }
        }
        OptionalLong wait = state.limiter().acquire(token.userId());
        if (wait.isPresent()) {
            ctx.abortWith(Problems.builder(429, "RATE_LIMITED", "too many requests: at most " + auth.client().config().rateLimitPerSecond()
                            + " a second (bursts of " + auth.client().config().rateLimitBurst() + "); retry after " + wait.getAsLong() + " s",
                    request, Map.of("retry_after_seconds", wait.getAsLong())).header("Retry-After", Long.toString(wait.getAsLong())).build());
            return;
        }
        Object email = token.getClaim("email");
        auth.client().users().ensure(token.userId(), email instanceof String e ? e : null);
        ctx.setSecurityContext(new TokenSecurityContext(token, ctx.getSecurityContext() != null && ctx.getSecurityContext().isSecure()));
    }
}
