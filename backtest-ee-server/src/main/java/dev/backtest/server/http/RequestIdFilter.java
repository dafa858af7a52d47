package dev.backtest.server.http;

import dev.backtest.server.config.LogContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * Gives every request an id ({@code X-Request-ID} in and out) and a W3C trace context ({@code traceparent} in and
 * out, see {@link TraceContext}), before anything else runs, so even errors raised outside JAX-RS carry them; lines
 * logged while the request runs carry both ({@link LogContext}). Also sets the cache header of API responses (the
 * security headers are {@link SecurityHeadersFilter}'s), and writes the access log line when the response is done.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class RequestIdFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain) throws IOException, ServletException {
        String id = RequestIds.accept(req.getHeader(RequestIds.HEADER));
        TraceContext trace = TraceContext.accept(req.getHeader(TraceContext.HEADER));
        req.setAttribute(RequestIds.ATTRIBUTE, id);
        req.setAttribute(TraceContext.ATTRIBUTE, trace);
        res.setHeader(RequestIds.HEADER, id);
        res.setHeader(TraceContext.HEADER, trace.traceparent());
        if (req.getRequestURI().startsWith("/api/")) {
            res.setHeader("Cache-Control", "no-store");
        }
        long start = System.nanoTime();
        try (LogContext.Scope ignored = LogContext.open(id, trace.traceId())) {
            chain.doFilter(req, res);
        } finally {
            AccessLog.log(req, res, start);
        }
    }
}
