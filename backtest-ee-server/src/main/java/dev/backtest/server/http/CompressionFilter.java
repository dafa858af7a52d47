package dev.backtest.server.http;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Set;

/**
 * gzip for textual responses larger than {@value GzipResponse#THRESHOLD} bytes when the client accepts it
 * ({@code Accept-Encoding: gzip}, not with {@code q=0}): JSON and problem documents, CSV, HTML, the OpenAPI document
 * (YAML, which Payara serves as {@code text/plain}, or JSON), and the scripts and style sheets of {@code /docs} and
 * {@code /redoc}. The first {@value GzipResponse#THRESHOLD} bytes are held back: a smaller body is sent as it is,
 * with its exact length; a larger one is compressed as it streams, without a {@code Content-Length}. Compressible
 * responses say {@code Vary: Accept-Encoding}. Event streams and other asynchronous responses, responses that carry
 * an encoding or a range already, and {@code HEAD} requests pass through untouched.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class CompressionFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    /** Media types (without parameters) worth compressing; besides these, any {@code application/*+json}. */
    static final Set<String> COMPRESSIBLE = Set.of("application/json", "application/problem+json", "text/csv", "text/html",
            "application/yaml", "application/x-yaml", "text/yaml", "application/vnd.oai.openapi", "text/plain", "text/javascript",
            "application/javascript", "text/css");

    /** Bodies up to this many bytes are sent as they are. */
    public static final int THRESHOLD = GzipResponse.THRESHOLD;

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain) throws IOException, ServletException {
        if ("HEAD".equals(req.getMethod())) {
            chain.doFilter(req, res);
            return;
        }
        GzipResponse wrapped = new GzipResponse(req, res, acceptsGzip(req.getHeaders("Accept-Encoding")));
        chain.doFilter(req, wrapped);
        // after an exception nothing is finished: the container's error page replaces what was held back
        if (!req.isAsyncStarted()) {
            wrapped.finish();
        }
    }

    /** Whether the media type of this {@code Content-Type} (parameters ignored, null: unknown) is worth compressing. */
    static boolean compressible(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
        return COMPRESSIBLE.contains(type) || type.startsWith("application/") && type.endsWith("+json");
    }

    /**
     * Whether these {@code Accept-Encoding} header values (null: none) accept gzip (RFC 9110 12.5.3): {@code gzip} or {@code x-gzip} with
     * a weight above 0, or {@code *} above 0 when gzip is not listed itself. An unreadable weight counts as 0.
     */
    public static boolean acceptsGzip(java.util.List<String> headers) {
        return headers != null && acceptsGzip(java.util.Collections.enumeration(headers));
    }

    /** As {@link #acceptsGzip(java.util.List)}, for the servlet API's header values. */
    public static boolean acceptsGzip(Enumeration<String> headers) {
        Double gzip = null;
        Double any = null;
        while (headers != null && headers.hasMoreElements()) {
            for (String part : headers.nextElement().split(",")) {
                String[] pieces = part.split(";");
                String coding = pieces[0].strip().toLowerCase(Locale.ROOT);
                double q = 1;
                for (int i = 1; i < pieces.length; i++) {
                    String p = pieces[i].strip().toLowerCase(Locale.ROOT);
                    if (p.startsWith("q=")) {
                        q = weight(p.substring(2).strip());
                    }
                }
                if (coding.equals("gzip") || coding.equals("x-gzip")) {
                    gzip = gzip == null ? q : Math.max(gzip, q);
                } else if (coding.equals("*")) {
                    any = q;
                }
            }
        }
        return gzip != null ? gzip > 0 : any != null && any > 0;
    }

    private static double weight(String q) {
        if (!q.matches("0(\\.\\d{0,3})?|1(\\.0{0,3})?")) {
            return 0;
        }
        return Double.parseDouble(q);
    }
}
