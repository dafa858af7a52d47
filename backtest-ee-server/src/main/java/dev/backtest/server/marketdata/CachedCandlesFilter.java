package dev.backtest.server.marketdata;

import dev.backtest.engine.CandleSeries;
import dev.backtest.sdk.BacktestClient;
import dev.backtest.sdk.marketdata.CandleQuery;
import dev.backtest.server.auth.Authenticator;
import dev.backtest.server.http.CompressionFilter;
import dev.backtest.server.http.EntityTags;
import dev.backtest.server.metrics.EndpointNames;
import jakarta.inject.Inject;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.StreamingOutput;

import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;

/**
 * Answers {@code GET /api/v1/ohlcv/data} from memory in front of JAX-RS when the candles are in the SDK's result cache:
 * the most frequent request of the frontend, and one whose own work (a cache look-up, kept bytes) is a small part of
 * what JAX-RS costs around it (routing, request scopes, its response buffers: about 60 of the 80 KB a cached answer
 * allocated; BENCHMARKS.md, "HTTP speed"). The answer is the resource's, header for header: the same authentication
 * and rate limit ({@link Authenticator#admit}), the same kept bytes, {@code ETag}, {@code 304}, {@code Cache-Control}
 * and {@code Vary}, the same endpoint in the request metrics; the servlet filters (request id, access log, CORS,
 * security headers, compression) run before it as for any request.
 *
 * <p>Anything else goes on to JAX-RS untouched, which answers it as before: another method, a CSV or unusual
 * {@code Accept}, parameters the resource would refuse, a caller not let in (JAX-RS gives the 401, 403 or 429), a
 * result not in the cache. A caller let in here and passed on is not let in twice: {@link Authenticator#ADMITTED}.
 */
public class CachedCandlesFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    /** The route, as the request metrics name it ({@link EndpointNames}). */
    static final String ENDPOINT = "/api/v1/ohlcv/data";
    /** The route as {@link Authenticator#admit} takes it, without its leading slash. */
    private static final String ADMIT_PATH = ENDPOINT.substring(1);

    @Inject
    transient BacktestClient client;
    @Inject
    transient Authenticator authenticator;
    @Inject
    transient RenderedCandles rendered;

    /** Registers the filter on the route after every declared filter, so that theirs is done before it answers. */
    @WebListener
    public static class Registration implements ServletContextListener {
        @Override
        public void contextInitialized(ServletContextEvent event) {
            FilterRegistration.Dynamic filter = event.getServletContext().addFilter(CachedCandlesFilter.class.getName(),
                    CachedCandlesFilter.class);
            filter.setAsyncSupported(true);
            filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, ENDPOINT);
        }
    }

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain) throws IOException, ServletException {
        if (!answer(req, res)) {
            chain.doFilter(req, res);
        }
    }

    /** Whether the request was answered here; false leaves it, unanswered, to JAX-RS. */
    private boolean answer(HttpServletRequest req, HttpServletResponse res) throws IOException {
        if (!"GET".equals(req.getMethod()) || !json(req.getHeader("Accept"))) {
            return false;
        }
        CandleParams params;
        CandleQuery query;
        try {
            params = CandleParams.single(req.getParameter("symbol"), req.getParameter("start_date"), req.getParameter("end_date"),
                    req.getParameter("timeframe"), req.getParameter("source_resolution"), req.getParameter("format"));
            query = client.candles().select(params.selection());
        } catch (RuntimeException e) {
            return false; // the resource refuses it with the problem it deserves
        }
        Authenticator.Admission admission = authenticator.admit("GET", ADMIT_PATH, req.getHeader("Authorization"));
        if (!(admission instanceof Authenticator.Admitted admitted)) {
            return false;
        }
        req.setAttribute(Authenticator.ADMITTED, admitted.caller());
        Optional<CandleSeries> hit;
        try {
            hit = query.fetchIfCached();
        } catch (RuntimeException e) {
            return false;
        }
        if (hit.isEmpty()) {
            return false;
        }
        RenderedCandles.Answer answer;
        try {
            answer = rendered.json(query, hit.get(), params, CompressionFilter.acceptsGzip(req.getHeaders("Accept-Encoding")));
        } catch (RuntimeException e) {
            return false; // answered, and the failure mapped, by the resource
        }
        req.setAttribute(EndpointNames.ATTRIBUTE, ENDPOINT);
        String cacheControl = HttpCaching.cacheControl(params.end(), LocalDate.now(Clock.systemUTC()));
        res.setHeader("Vary", HttpCaching.VARY);
        res.setHeader("Cache-Control", cacheControl);
        if (answer.etag() != null) {
            res.setHeader("ETag", answer.etag());
            String ifNoneMatch = req.getHeader(EntityTags.IF_NONE_MATCH);
            if (ifNoneMatch != null
                    && EntityTags.noneMatchFails(Collections.list(req.getHeaders(EntityTags.IF_NONE_MATCH)), answer.etag())) {
                res.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
                return true;
            }
        }
        res.setStatus(HttpServletResponse.SC_OK);
        res.setContentType("application/json");
        if (answer.gzipped()) {
            // compressed once and kept: the compression filter passes a body with its own encoding through
            res.setHeader("Content-Encoding", "gzip");
        }
        if (answer.entity() instanceof byte[] body) {
            res.setContentLength(body.length);
            res.getOutputStream().write(body);
        } else {
            ((StreamingOutput) answer.entity()).write(res.getOutputStream());
        }
        return true;
    }

    /**
     * Whether JSON is what the resource would answer: no {@code Accept}, or one naming JSON or any type and no CSV
     * (a client that names CSV at all goes to JAX-RS, which weighs the preferences).
     */
    static boolean json(String accept) {
        if (accept == null || accept.isBlank()) {
            return true;
        }
        String a = accept.toLowerCase(Locale.ROOT);
        return !a.contains("csv") && (a.contains("application/json") || a.contains("*/*") || a.contains("application/*"));
    }
}
