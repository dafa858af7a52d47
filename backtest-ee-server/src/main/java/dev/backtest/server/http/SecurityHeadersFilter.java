package dev.backtest.server.http;

import dev.backtest.sdk.BacktestClient;
import jakarta.inject.Inject;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.EnumSet;
import java.util.Locale;

/**
 * The security headers of every response: JAX-RS answers, the static files of {@code /docs} and {@code /redoc},
 * Payara's {@code /openapi}, {@code /health} and {@code /metrics} (served inside this application's context), and the
 * container's error pages (the filter also runs on the error dispatch).
 *
 * <ul>
 * <li>{@code Strict-Transport-Security: max-age=N; includeSubDomains} with N from {@code HSTS_MAX_AGE} (none when 0;
 *     browsers ignore it over plain HTTP, so it is sent always: TLS usually ends at a proxy in front);</li>
 * <li>{@code X-Content-Type-Options: nosniff} and {@code Referrer-Policy: no-referrer};</li>
 * <li>{@code Content-Security-Policy}: for HTML pages {@link #HTML_POLICY}, which lets Swagger UI, ReDoc and the run
 *     report render from this server alone; for everything else {@link #OTHER_POLICY}. A policy the resource set
 *     itself (the run report's stricter one) is kept, with {@code frame-ancestors 'none'} added when it lacks it.</li>
 * </ul>
 *
 * The policy depends on the content type, which a resource sets after this filter ran, so it is chosen when the
 * response starts its body ({@code getOutputStream}, {@code getWriter}, {@code flushBuffer}, a redirect) or, for a
 * response without a body, when the chain returns.
 *
 * <p>Registered by {@link Registration} before every declared filter, since some of those answer by themselves (the CORS
 * preflight) and the order of annotated filters is not defined.
 */
public class SecurityHeadersFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    static final String CSP = "Content-Security-Policy";
    static final String HSTS = "Strict-Transport-Security";

    /**
     * HTML pages: scripts, styles, fonts and images from this server only; inline styles (Swagger UI's and the run
     * report's style sheets, ReDoc's generated styles), {@code data:} images and fonts (icons), ReDoc's search worker
     * from a {@code blob:}, no plug-ins, no {@code <base>}, never framed.
     */
    static final String HTML_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            + "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";
    /** Anything else (JSON, CSV, YAML, text, scripts): nothing may load from it, and it is never framed. */
    static final String OTHER_POLICY = "default-src 'none'; frame-ancestors 'none'";

    @Inject
    transient BacktestClient client;

    /** Registers this filter on every path, for requests and error dispatches, ahead of the filters the application declares. */
    @WebListener
    public static class Registration implements ServletContextListener {
        @Override
        public void contextInitialized(ServletContextEvent event) {
            FilterRegistration.Dynamic filter = event.getServletContext().addFilter(SecurityHeadersFilter.class.getName(),
                    SecurityHeadersFilter.class);
            filter.setAsyncSupported(true);
            filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ERROR), false, "/*");
        }
    }

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain) throws IOException, ServletException {
        long maxAge = client.config().hstsMaxAgeSeconds();
        PolicyOnCommit wrapped = new PolicyOnCommit(res, maxAge > 0 ? "max-age=" + maxAge + "; includeSubDomains" : null);
        // now, for answers that never start a body (an asynchronous one without entity), and again at commit
        wrapped.fixedHeaders();
        chain.doFilter(req, wrapped);
        // an asynchronous response (an event stream) sets its policy from its own thread when it starts its body
        if (!req.isAsyncStarted()) {
            wrapped.applyPolicy();
        }
    }

    /** The policy for a response of this content type (null when unknown) that set none itself. */
    static String policyFor(String contentType) {
        if (contentType == null) {
            return OTHER_POLICY;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        return type.startsWith("text/html") || type.startsWith("application/xhtml+xml") ? HTML_POLICY : OTHER_POLICY;
    }

    /** The policy to send when the resource set {@code existing} itself: kept, made unframeable if it was not. */
    static String merge(String existing) {
        return existing.toLowerCase(Locale.ROOT).contains("frame-ancestors") ? existing : existing + "; frame-ancestors 'none'";
    }

    /** Sets the Content-Security-Policy once, just before the response commits, when its content type is known. */
    static final class PolicyOnCommit extends HttpServletResponseWrapper {

        private final String hsts;
        private boolean applied;

        PolicyOnCommit(HttpServletResponse response, String hsts) {
            super(response);
            this.hsts = hsts;
        }

        /** The headers that do not depend on the content: set again at commit, in case the response was reset since. */
        void fixedHeaders() {
            if (hsts != null) {
                setHeader(HSTS, hsts);
            }
            setHeader("X-Content-Type-Options", "nosniff");
            setHeader("Referrer-Policy", "no-referrer");
        }

        void applyPolicy() {
            if (applied || isCommitted()) {
                return;
            }
            applied = true;
            fixedHeaders();
            String existing = getHeader(CSP);
            setHeader(CSP, existing == null ? policyFor(getContentType()) : merge(existing));
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            applyPolicy();
            return super.getOutputStream();
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            applyPolicy();
            return super.getWriter();
        }

        @Override
        public void flushBuffer() throws IOException {
            applyPolicy();
            super.flushBuffer();
        }

        @Override
        public void sendRedirect(String location) throws IOException {
            applyPolicy();
            super.sendRedirect(location);
        }

        /** The error page (an error dispatch, which this filter sees too) sets the policy for its own content type. */
        @Override
        public void sendError(int sc, String msg) throws IOException {
            applied = true;
            super.sendError(sc, msg);
        }

        @Override
        public void sendError(int sc) throws IOException {
            applied = true;
            super.sendError(sc);
        }

        /** A reset drops the headers: they are set again for what is written next. */
        @Override
        public void reset() {
            super.reset();
            applied = false;
        }
    }
}
