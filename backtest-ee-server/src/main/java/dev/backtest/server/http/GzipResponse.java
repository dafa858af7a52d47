package dev.backtest.server.http;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.Locale;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * The response of {@link CompressionFilter}: decides between the body as it is and gzip as late as it can. What is
 * known when the body starts may decide at once (a type not worth compressing, an asynchronous response, a client
 * without gzip: the wrapped stream is handed out as it is, nothing held). Otherwise the first {@link #THRESHOLD} bytes
 * are held: past them the body is compressed as it streams; a body that ends within them is sent as it is with its
 * exact {@code Content-Length}. A length the resource declared is held too, and dropped when compressing.
 */
public final class GzipResponse extends HttpServletResponseWrapper {

    /** Bodies up to this many bytes are not worth compressing. */
    static final int THRESHOLD = 1024;

    private enum Mode {
        /** Holding the first bytes. */
        UNDECIDED,
        /** The body as it is, on the wrapped stream. */
        PLAIN,
        /** gzip on the wrapped stream. */
        GZIP,
        /** An error or redirect replaced the body: what is still written is dropped. */
        ABANDONED
    }

    private final HttpServletRequest request;
    private final boolean clientAcceptsGzip;
    private final byte[] held = new byte[THRESHOLD];
    private int count;
    private long declaredLength = -1;
    private Mode mode = Mode.UNDECIDED;
    private ServletOutputStream target;
    private GZIPOutputStream gzip;
    private ServletOutputStream stream;
    private PrintWriter writer;

    GzipResponse(HttpServletRequest request, HttpServletResponse response, boolean clientAcceptsGzip) {
        super(response);
        this.request = request;
        this.clientAcceptsGzip = clientAcceptsGzip;
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (writer != null) {
            throw new IllegalStateException("getWriter() was called on this response already");
        }
        if (stream == null) {
            decideEarly();
            stream = mode == Mode.PLAIN ? super.getOutputStream() : new HoldingStream();
        }
        return stream;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (writer == null) {
            if (stream != null) {
                throw new IllegalStateException("getOutputStream() was called on this response already");
            }
            decideEarly();
            if (mode == Mode.PLAIN) {
                writer = super.getWriter();
            } else {
                // as the container does: the charset used is the one the Content-Type names
                String charset = getCharacterEncoding();
                setCharacterEncoding(charset);
                stream = new HoldingStream();
                writer = new PrintWriter(new OutputStreamWriter(stream, Charset.forName(charset)), false);
            }
        }
        return writer;
    }

    /** Ends the body of a response that did not go asynchronous: what is held is sent, gzip is finished. */
    void finish() throws IOException {
        if (writer != null) {
            writer.flush();
        }
        switch (mode) {
            case UNDECIDED -> {
                if (stream == null) {
                    // no body was written: a declared length (0 for an empty entity) goes out as it was
                    if (declaredLength >= 0) {
                        super.setContentLengthLong(declaredLength);
                    }
                } else {
                    plain(true);
                }
            }
            case GZIP -> gzip.finish();
            default -> {
                // the body went out as it was written
            }
        }
    }

    /** Decides what can be decided before any byte: everything but a compressible body for a client that takes gzip. */
    private void decideEarly() {
        String type = getContentType();
        if (!mayCompress() || type != null && !CompressionFilter.compressible(type)) {
            mode = Mode.PLAIN;
            passDeclaredLength();
        } else if (type != null) {
            vary();
            if (!clientAcceptsGzip) {
                mode = Mode.PLAIN;
                passDeclaredLength();
            }
        }
    }

    /** Past the held bytes: gzip if the type, the client and the response allow it. */
    private void decide() throws IOException {
        String type = getContentType();
        boolean compressible = CompressionFilter.compressible(type);
        if (compressible) {
            vary();
        }
        if (compressible && clientAcceptsGzip && mayCompress()) {
            mode = Mode.GZIP;
            super.setHeader("Content-Encoding", "gzip");
            target = super.getOutputStream();
            gzip = gzip(target);
            gzip.write(held, 0, count);
            count = 0;
        } else {
            plain(false);
        }
    }

    /** Sends the held bytes as they are; with {@code exact}, the body is complete and its length is what was held. */
    private void plain(boolean exact) throws IOException {
        mode = Mode.PLAIN;
        if (exact) {
            if (count > 0 || declaredLength >= 0) {
                super.setContentLengthLong(count);
            }
        } else {
            passDeclaredLength();
        }
        target = super.getOutputStream();
        target.write(held, 0, count);
        count = 0;
    }

    /**
     * gzip at the fastest level, as nginx's default: on a year of 1h candles (549 KB of JSON) level 1 takes 4 ms for
     * 42 % of the size, the default level 6 26 ms for 37 % (BENCHMARKS.md); flushing syncs, so a flush sends all so far.
     */
    private static GZIPOutputStream gzip(java.io.OutputStream out) throws IOException {
        return new GZIPOutputStream(out, 8192, true) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        };
    }

    /**
     * A whole body in gzip, as this response would compress it as it streams: for answers whose gzip form is kept and
     * sent with their own {@code Content-Encoding}, which this response then passes through.
     */
    public static byte[] compress(byte[] body) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(body.length / 2 + 64);
        try (GZIPOutputStream z = gzip(out)) {
            z.write(body);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot happen in memory", e);
        }
        return out.toByteArray();
    }

    private boolean mayCompress() {
        int status = getStatus();
        return !request.isAsyncStarted() && !isCommitted() && status != SC_NO_CONTENT && status != SC_NOT_MODIFIED && status != SC_PARTIAL_CONTENT
                && getHeader("Content-Encoding") == null && getHeader("Content-Range") == null;
    }

    private void passDeclaredLength() {
        if (declaredLength >= 0) {
            super.setContentLengthLong(declaredLength);
            declaredLength = -1;
        }
    }

    private void vary() {
        for (String value : getHeaders("Vary")) {
            if (value.toLowerCase(Locale.ROOT).contains("accept-encoding")) {
                return;
            }
        }
        super.addHeader("Vary", "Accept-Encoding");
    }

    // --- the declared length is held until the body is decided

    @Override
    public void setContentLength(int len) {
        setContentLengthLong(len);
    }

    @Override
    public void setContentLengthLong(long len) {
        switch (mode) {
            case UNDECIDED -> declaredLength = len;
            case GZIP -> {
                // the compressed length is not known in advance
            }
            default -> super.setContentLengthLong(len);
        }
    }

    @Override
    public void setHeader(String name, String value) {
        long length = isContentLength(name) ? length(value) : -1;
        if (length >= 0) {
            setContentLengthLong(length);
        } else {
            super.setHeader(name, value);
        }
    }

    @Override
    public void addHeader(String name, String value) {
        long length = isContentLength(name) ? length(value) : -1;
        if (length >= 0) {
            setContentLengthLong(length);
        } else {
            super.addHeader(name, value);
        }
    }

    @Override
    public void setIntHeader(String name, int value) {
        if (isContentLength(name)) {
            setContentLengthLong(value);
        } else {
            super.setIntHeader(name, value);
        }
    }

    @Override
    public void addIntHeader(String name, int value) {
        if (isContentLength(name)) {
            setContentLengthLong(value);
        } else {
            super.addIntHeader(name, value);
        }
    }

    private static boolean isContentLength(String name) {
        return "Content-Length".equalsIgnoreCase(name);
    }

    /** A length header's value, or -1 when it is none (left to the container as it is). */
    private static long length(String value) {
        try {
            return value == null ? -1 : Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    // --- flushing, resetting, errors

    /** Flushes what was decided; bytes still held stay held (committing now would fix the headers too early). */
    @Override
    public void flushBuffer() throws IOException {
        if (writer != null) {
            writer.flush();
        }
        if (mode == Mode.UNDECIDED) {
            if (stream != null) {
                return;
            }
            // headers are committed without a body: it can only go out as it will be written
            mode = Mode.PLAIN;
            passDeclaredLength();
        }
        if (gzip != null) {
            gzip.flush();
        }
        super.flushBuffer();
    }

    @Override
    public void resetBuffer() {
        super.resetBuffer();
        count = 0;
        if (mode == Mode.GZIP) {
            try {
                gzip = gzip(target); // the old stream's header was discarded with the buffer
            } catch (IOException e) {
                throw new IllegalStateException("cannot restart gzip after a buffer reset", e);
            }
        }
    }

    @Override
    public void reset() {
        super.reset();
        count = 0;
        declaredLength = -1;
        if (mode == Mode.GZIP) {
            // the headers are gone, Content-Encoding with them: continue with the body as it is
            mode = Mode.PLAIN;
            gzip = null;
        }
    }

    @Override
    public void sendError(int sc, String msg) throws IOException {
        abandon();
        super.sendError(sc, msg);
    }

    @Override
    public void sendError(int sc) throws IOException {
        abandon();
        super.sendError(sc);
    }

    @Override
    public void sendRedirect(String location) throws IOException {
        abandon();
        super.sendRedirect(location);
    }

    private void abandon() {
        mode = Mode.ABANDONED;
        count = 0;
    }

    /** The body as the resource writes it, through the held bytes into the wrapped stream or gzip. */
    private final class HoldingStream extends ServletOutputStream {

        @Override
        public void write(int b) throws IOException {
            switch (mode) {
                case UNDECIDED -> {
                    if (count < THRESHOLD) {
                        held[count++] = (byte) b;
                    } else {
                        decide();
                        write(b);
                    }
                }
                case PLAIN -> target.write(b);
                case GZIP -> gzip.write(b);
                case ABANDONED -> {
                    // the error page answers instead
                }
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            switch (mode) {
                case UNDECIDED -> {
                    if (count + len <= THRESHOLD) {
                        System.arraycopy(b, off, held, count, len);
                        count += len;
                    } else {
                        decide();
                        write(b, off, len);
                    }
                }
                case PLAIN -> target.write(b, off, len);
                case GZIP -> gzip.write(b, off, len);
                case ABANDONED -> {
                    // the error page answers instead
                }
            }
        }

        /**
         * Held bytes stay held unless the type is known now and not worth compressing; a compressed body flushes what
         * it has (a sync flush: a reader gets every byte written so far).
         */
        @Override
        public void flush() throws IOException {
            if (mode == Mode.UNDECIDED && getContentType() != null && !CompressionFilter.compressible(getContentType())) {
                plain(false);
            }
            switch (mode) {
                case PLAIN -> target.flush();
                case GZIP -> gzip.flush();
                default -> {
                    // held, or abandoned
                }
            }
        }

        @Override
        public void close() throws IOException {
            finish();
            if (target != null) {
                target.close();
            } else if (mode != Mode.ABANDONED) {
                GzipResponse.super.getOutputStream().close();
            }
        }

        @Override
        public boolean isReady() {
            try {
                return mode == Mode.UNDECIDED || mode == Mode.ABANDONED || target.isReady();
            } catch (RuntimeException e) {
                return false;
            }
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            try {
                GzipResponse.super.getOutputStream().setWriteListener(listener);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
