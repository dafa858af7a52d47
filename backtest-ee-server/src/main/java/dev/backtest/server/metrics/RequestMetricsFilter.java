package dev.backtest.server.metrics;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

import java.io.IOException;
import java.time.Duration;

/**
 * Request latency per endpoint ({@code http_server_request_seconds{method, endpoint}}), measured
 * around the whole exchange so a streamed candle body counts. Paths that match no resource share
 * the endpoint {@code unmatched}.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class RequestMetricsFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private static final Metadata REQUESTS = Metadata.builder().withName("http_server_request")
            .withDescription("HTTP request latency by method and endpoint (path template)").withUnit(MetricUnits.SECONDS).build();

    /** Methods counted under their own name; anything else a client sends is counted as "other". */
    private static final java.util.Set<String> METHODS = java.util.Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");

    @Inject
    transient MetricRegistry registry;

    /** The registry's timers by "method endpoint": looking one up by metadata and tags on every request is costly. */
    private final transient java.util.concurrent.ConcurrentHashMap<String, Timer> timers = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain) throws IOException, ServletException {
        long start = System.nanoTime();
        try {
            chain.doFilter(req, res);
        } finally {
            Object found = req.getAttribute(EndpointNames.ATTRIBUTE);
            String method = METHODS.contains(req.getMethod()) ? req.getMethod() : "other";
            String endpoint = found == null ? "unmatched" : found.toString();
            timers.computeIfAbsent(method + " " + endpoint, k -> registry.timer(REQUESTS, new Tag("method", method),
                    new Tag("endpoint", endpoint))).update(Duration.ofNanos(System.nanoTime() - start));
        }
    }
}
