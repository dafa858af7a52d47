package dev.backtest.server.auth;

import dev.backtest.server.config.DevelopmentMode;
import dev.backtest.server.http.RequestIds;
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

import java.util.List;
import java.util.Map;

/**
 * Authenticates every JAX-RS route except {@code /}, {@code /api/v1/health/**} and {@code /docs/**}: verifies the
 * bearer token ({@link TokenVerifier}), applies the per-user rate limit, makes sure the user row
 * exists and hands resources the token as the request's principal (a MicroProfile
 * {@code JsonWebToken}). Failures are 401 problems with a reason code and a
 * {@code WWW-Authenticate} header; the token itself is never logged. In development mode every request acts as
 * {@link DevelopmentMode#USER_ID}, an administrator. The admin routes ({@code /api/v1/admin/...}) need the admin
 * role or the admin token (403 {@code FORBIDDEN} otherwise, recorded in the audit trail); the admin token opens
 * nothing else but the writes of the assets ({@link #openToAdminToken}), which their resource keeps for administrators.
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
        return p.isEmpty() || p.equals("api/v1/health") || p.startsWith("api/v1/health/") || p.equals("docs") || p.startsWith("docs/") || p.equals("redoc") || p.startsWith("redoc/") || p.equals("openapi.json");
    }

    /** Routes for administrators and the admin token only. */
    public static boolean isAdmin(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        return p.equals("api/v1/admin") || p.startsWith("api/v1/admin/");
    }

    /**
     * Routes the admin token opens: the admin routes, and the asset writes ({@code POST}, {@code PUT}, {@code DELETE}
     * under {@code /api/v1/assets}), which are for administrators too but sit beside the assets everyone reads.
     */
    public static boolean openToAdminToken(String method, String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        boolean assets = p.equals("api/v1/assets") || p.startsWith("api/v1/assets/");
        return isAdmin(p) || (assets && !method.equals("GET") && !method.equals("HEAD") && !method.equals("OPTIONS"));
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
        Caller caller;
        if (request != null && request.getAttribute(Authenticator.ADMITTED) instanceof Caller admitted) {
            caller = admitted; // let in (and counted) by a filter in front of JAX-RS that then passed the request on
        } else {
            Authenticator.Admission admission = auth.admit(ctx.getMethod(), p, ctx.getHeaderString(HttpHeaders.AUTHORIZATION));
            if (admission instanceof Authenticator.Rejected rejected) {
                TokenRejected e = rejected.rejection();
                LOG.debug("rejected token on {} /{}: {}", ctx.getMethod(), p, e.reason());
                String challenge = e.reason() == TokenRejected.Reason.TOKEN_MISSING ? "Bearer realm=\"backtest\""
                        : "Bearer realm=\"backtest\", error=\"invalid_token\", error_description=\"" + e.reason() + "\"";
                ctx.abortWith(Problems.builder(401, e.reason().name(), e.getMessage(), request, Map.of("reason", e.reason().name()))
                        .header(HttpHeaders.WWW_AUTHENTICATE, challenge).build());
                return;
            }
            if (admission instanceof Authenticator.AdminTokenRefused) {
                ctx.abortWith(Problems.builder(403, "FORBIDDEN", "the admin token opens the admin routes (/api/v1/admin/...) and the "
                                + "asset writes only",
                        request, Map.of()).build());
                return;
            }
            if (admission instanceof Authenticator.Limited limited) {
                long wait = limited.retryAfterSeconds();
                ctx.abortWith(Problems.builder(429, "RATE_LIMITED", "too many requests: at most " + auth.client().config().rateLimitPerSecond()
                                + " a second (bursts of " + auth.client().config().rateLimitBurst() + "); retry after " + wait + " s",
                        request, Map.of("retry_after_seconds", wait)).header("Retry-After", Long.toString(wait)).build());
                return;
            }
            caller = ((Authenticator.Admitted) admission).caller();
        }
        if (isAdmin(p) && !caller.admin()) {
            // recorded: who tried the admin routes is worth knowing
            auth.client().audit().record(caller.actor(RequestIds.of(request)), "admin.forbidden", "admin_route",
                    ctx.getMethod() + " /" + (p.length() > 50 ? p.substring(0, 50) : p), List.of());
            ctx.abortWith(Problems.builder(403, "FORBIDDEN", "this route is for administrators: the token has no admin role "
                    + "(app_metadata.role or app_metadata.roles) and its user is not in ADMIN_USER_IDS", request, Map.of()).build());
            return;
        }
        ctx.setSecurityContext(new TokenSecurityContext(caller, ctx.getSecurityContext() != null && ctx.getSecurityContext().isSecure()));
    }
}
