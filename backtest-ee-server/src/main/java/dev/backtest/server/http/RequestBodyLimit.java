package dev.backtest.server.http;

import dev.backtest.sdk.BacktestClient;
import dev.backtest.server.problem.Problems;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Request bodies of at most {@code HTTP_MAX_BODY_BYTES} (default 1 MiB): a larger one is refused
 * with 413 {@code PAYLOAD_TOO_LARGE} before anything parses it. A declared {@code Content-Length}
 * over the limit is refused before the body is read (before authentication too, so no one can make
 * the server read a large body); a body without one (chunked) is counted while it is read and
 * refused at the first byte over the limit, whichever reader was reading it. A market-data file an
 * administrator uploads ({@code POST /api/v1/admin/ohlcv/{symbol}/import}) has its own limit,
 * {@code HTTP_MAX_UPLOAD_BYTES} (default 256 MiB).
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public class RequestBodyLimit implements ContainerRequestFilter, ReaderInterceptor {

    static final String CODE = "PAYLOAD_TOO_LARGE";
    private static final String STREAM = RequestBodyLimit.class.getName() + ".stream";

    @Context
    HttpServletRequest request;

    /** {@code POST /api/v1/admin/ohlcv/{symbol}/import}, as the path reaches a pre-matching filter (or the servlet). */
    private static final Pattern UPLOAD = Pattern.compile("/?api/v1/admin/ohlcv/[^/]+/import/?");

    private volatile int limit;
    private volatile int uploadLimit;

    @Override
    public void filter(ContainerRequestContext ctx) {
        int max = isUpload(ctx) ? uploadLimit() : limit();
        String declared = ctx.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (declared != null && exceeds(declared.strip(), max)) {
            ctx.abortWith(tooLarge(max));
            return;
        }
        LimitedInputStream limited = new LimitedInputStream(ctx.getEntityStream(), max);
        ctx.setProperty(STREAM, limited);
        ctx.setEntityStream(limited);
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext ctx) throws IOException {
        try {
            return ctx.proceed();
        } catch (IOException | RuntimeException e) {
            // Readers wrap the stream's exception in their own (Jackson, Jersey): ask the stream what happened.
            if (ctx.getProperty(STREAM) instanceof LimitedInputStream l && l.exceeded()) {
                throw new WebApplicationException(e, tooLarge(l.max));
            }
            throw e;
        }
    }

    private Response tooLarge(int max) {
        return tooLarge(max, request);
    }

    private static Response tooLarge(int max, HttpServletRequest request) {
        String key = UPLOAD.matcher(request.getRequestURI()).matches() ? "HTTP_MAX_UPLOAD_BYTES" : "HTTP_MAX_BODY_BYTES";
        return Problems.builder(413, CODE, "the request body is larger than " + max + " bytes (" + key + "); send a smaller one",
                request, Map.of("max_bytes", max)).build();
    }

    private static boolean exceeds(String contentLength, int max) {
        if (contentLength.isEmpty() || contentLength.length() > 18) {
            return false; // not a length at all: the container refuses it, or the stream count applies
        }
        for (int i = 0; i < contentLength.length(); i++) {
            // a loop, not chars().allMatch: that built a stream and a lambda on every request with a body length
            if (!Character.isDigit(contentLength.charAt(i))) {
                return false;
            }
        }
        return Long.parseLong(contentLength) > max;
    }

    /** A market-data file an administrator uploads: {@code HTTP_MAX_UPLOAD_BYTES} instead. */
    private static boolean isUpload(ContainerRequestContext ctx) {
        return "POST".equals(ctx.getMethod()) && UPLOAD.matcher(ctx.getUriInfo().getPath()).matches();
    }

    /**
     * The problem answer when {@code e}, thrown while a resource read the request body itself, is this limit's refusal;
     * null otherwise.
     */
    public static WebApplicationException tooLarge(IOException e, HttpServletRequest request) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TooLarge tooLarge) {
                return new WebApplicationException(e, tooLarge(tooLarge.max, request));
            }
        }
        return null;
    }

    private int uploadLimit() {
        int l = uploadLimit;
        if (l == 0) {
            l = CDI.current().select(BacktestClient.class).get().config().httpMaxUploadBytes();
            uploadLimit = l;
        }
        return l;
    }

    private int limit() {
        int l = limit;
        if (l == 0) {
            l = CDI.current().select(BacktestClient.class).get().config().httpMaxBodyBytes();
            limit = l;
        }
        return l;
    }

    /** Counts what is read and fails at the first byte past {@code max}. */
    static final class LimitedInputStream extends FilterInputStream {
        private final int max;
        private long count;
        private volatile boolean exceeded;

        LimitedInputStream(InputStream in, int max) {
            super(in);
            this.max = max;
        }

        boolean exceeded() {
            return exceeded;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            // never more than one byte past the limit, so a huge body is not pulled in to be refused
            int n = super.read(buffer, offset, (int) Math.min(length, Math.max(1, max - count + 1)));
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(Math.min(n, Math.max(1, max - count + 1)));
            if (skipped > 0) {
                counted(skipped);
            }
            return skipped;
        }

        private void counted(long n) throws IOException {
            count += n;
            if (count > max) {
                exceeded = true;
                throw new TooLarge(max);
            }
        }
    }

    /** The refusal of a body past its limit, recognisable however a reader wraps it. */
    static final class TooLarge extends IOException {
        private final int max;

        TooLarge(int max) {
            super("request body larger than " + max + " bytes");
            this.max = max;
        }
    }
}
