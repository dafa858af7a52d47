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

    @Inject
    transient MetricRegistry registry;

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain) throws IOException, ServletException {
        long start = System.nanoTime();
        try {
            chain.doFilter(req, res);
        } finally {
            Object endpoint = req.getAttribute(EndpointNames.ATTRIBUTE);
            registry.timer(REQUESTS, new Tag("method", req.getMethod()),
                    new Tag("endpoint", endpoint == null ? "unmatched" : endpoint.toString()))
                    .update(Duration.ofNanos(System.nanoTime() - start));
        }
    }
}
