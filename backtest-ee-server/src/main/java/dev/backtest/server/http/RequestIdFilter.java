package dev.backtest.server.http;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * Gives every request an id ({@code X-Request-ID} in and out), before anything else runs, so even
 * errors raised outside JAX-RS carry it. Also sets the headers every response needs, and writes
 * the access log line when the response is done.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class RequestIdFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain) throws IOException, ServletException {
        String id = RequestIds.accept(req.getHeader(RequestIds.HEADER));
        req.setAttribute(RequestIds.ATTRIBUTE, id);
        res.setHeader(RequestIds.HEADER, id);
        res.setHeader("X-Content-Type-Options", "nosniff");
        res.setHeader("Referrer-Policy", "no-referrer");
        if (req.getRequestURI().startsWith("/api/")) {
            res.setHeader("Cache-Control", "no-store");
        }
        long start = System.nanoTime();
        try {
            chain.doFilter(req, res);
        } finally {
            AccessLog.log(req, res, start);
        }
    }
}
