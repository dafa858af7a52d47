package dev.backtest.server.http;

import dev.backtest.sdk.BacktestClient;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.List;

/**
 * CORS for the origins in {@code CORS_ORIGINS}: a preflight ({@code OPTIONS} with
 * {@code Access-Control-Request-Method}) is answered here, before authentication, since browsers
 * send it without credentials; other responses get {@code Access-Control-Allow-Origin} only for a
 * configured origin. {@code Vary: Origin} always, so caches never serve one origin's answer to another.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class CorsFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    static final String ALLOWED_METHODS = "GET, POST, PUT, DELETE, OPTIONS";
    static final String ALLOWED_HEADERS = "Authorization, Content-Type, X-Request-ID, traceparent";

    @Inject
    transient BacktestClient client;

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain) throws IOException, ServletException {
        res.addHeader("Vary", "Origin");
        String origin = req.getHeader("Origin");
        List<String> allowed = client.config().corsOrigins();
        boolean ok = origin != null && (allowed.contains(origin) || allowed.contains("*"));
        boolean preflight = "OPTIONS".equals(req.getMethod()) && req.getHeader("Access-Control-Request-Method") != null;
        if (ok) {
            res.setHeader("Access-Control-Allow-Origin", origin);
            res.setHeader("Access-Control-Expose-Headers", "X-Request-ID, traceparent, Retry-After, WWW-Authenticate, Location");
        }
        if (preflight) {
            if (ok) {
                res.setHeader("Access-Control-Allow-Methods", ALLOWED_METHODS);
                res.setHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS);
                res.setHeader("Access-Control-Max-Age", "600");
                res.setStatus(204);
            } else {
                res.setStatus(403);
            }
            return;
        }
        chain.doFilter(req, res);
    }
}
