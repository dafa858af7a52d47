package dev.backtest.server.http;

import jakarta.servlet.ServletOutputStream;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The compression decision of {@link GzipResponse} on a recording response: every path a resource or the container takes. */
class GzipResponseTest {

    private static final String BIG = "{\"c\":[" + "123.456,".repeat(400) + "1]}";

    private static GzipResponse wrap(RecordingResponse r, boolean acceptsGzip, String type) {
        r.contentType = type;
        return new GzipResponse(RecordingResponse.request(), r.response(), acceptsGzip);
    }

    @Test
    void aLargeCompressibleBodyIsGzippedAndItsDeclaredLengthDropped() throws IOException {
        RecordingResponse r = new RecordingResponse();
        GzipResponse g = wrap(r, true, "application/json");
        g.setHeader("Content-Length", String.valueOf(BIG.length()));
        g.getOutputStream().write(BIG.getBytes(StandardCharsets.UTF_8));
        g.finish();
        assertThat(r.headers.get("Content-Encoding")).containsExactly("gzip");
        assertThat(r.headers.get("Vary")).containsExactly("Accept-Encoding");
        assertThat(r.contentLength).isEqualTo(-1);
        assertThat(r.body.size()).isLessThan(BIG.length() / 4);
        assertThat(new String(r.decoded(), StandardCharsets.UTF_8)).isEqualTo(BIG);
    }

    @Test
    void aBodyWithinTheThresholdGoesOutAsItIsWithItsExactLength() throws IOException {
        RecordingResponse r = new RecordingResponse();
        GzipResponse g = wrap(r, true, "application/json");
        g.getOutputStream().write("{\"ok\":true}".getBytes(StandardCharsets.UTF_8));
        g.finish();
        assertThat(r.headers).doesNotContainKey("Content-Encoding");
        assertThat(r.contentLength).isEqualTo(11);
        assertThat(r.body.toString(StandardCharsets.UTF_8)).isEqualTo("{\"ok\":true}");
    }

    @Test
    void theWriterIsCompressedInTheCharsetOfTheContentType() throws IOException {
        RecordingResponse r = new RecordingResponse();
        r.charset = "UTF-8";
        GzipResponse g = wrap(r, true, "text/csv; charset=UTF-8");
        PrintWriter w = g.getWriter();
        String text = "é," + BIG;
        w.write(text);
        g.finish();
        assertThat(r.headers.get("Content-Encoding")).containsExactly("gzip");
        assertThat(new String(r.decoded(), StandardCharsets.UTF_8)).isEqualTo(text);
        assertThatThrownBy(g::getOutputStream).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void otherTypesClientsWithoutGzipAndBodilessStatusesAreLeftAlone() throws IOException {
        RecordingResponse binary = new RecordingResponse();
        GzipResponse g = wrap(binary, true, "application/octet-stream");
        g.setContentLength(BIG.length());
        g.getOutputStream().write(BIG.getBytes(StandardCharsets.UTF_8));
        g.finish();
        assertThat(binary.headers).doesNotContainKeys("Content-Encoding", "Vary");
        assertThat(binary.contentLength).isEqualTo(BIG.length());

        RecordingResponse plainClient = new RecordingResponse();
        GzipResponse p = wrap(plainClient, false, "application/json");
        p.getOutputStream().write(BIG.getBytes(StandardCharsets.UTF_8));
        p.finish();
        assertThat(plainClient.headers).doesNotContainKey("Content-Encoding");
        assertThat(plainClient.headers.get("Vary")).as("a cache must know the answer depends on it").containsExactly("Accept-Encoding");
        assertThat(plainClient.body.toString(StandardCharsets.UTF_8)).isEqualTo(BIG);

        RecordingResponse noContent = new RecordingResponse();
        noContent.status = 204;
        GzipResponse n = wrap(noContent, true, "application/json");
        n.finish();
        assertThat(noContent.headers).doesNotContainKey("Content-Encoding");
    }

    @Test
    void anUnknownTypeIsDecidedWhenTheFirstKilobyteIsFull() throws IOException {
        RecordingResponse r = new RecordingResponse();
        GzipResponse g = wrap(r, true, null);
        ServletOutputStream out = g.getOutputStream();
        out.write('[');
        r.contentType = "text/html";
        for (byte b : BIG.getBytes(StandardCharsets.UTF_8)) {
            out.write(b);
        }
        out.flush();
        g.finish();
        assertThat(r.headers.get("Content-Encoding")).containsExactly("gzip");
        assertThat(new String(r.decoded(), StandardCharsets.UTF_8)).isEqualTo("[" + BIG);
    }

    @Test
    void aFlushOfANonCompressibleBodySendsItAtOnce() throws IOException {
        RecordingResponse r = new RecordingResponse();
        GzipResponse g = wrap(r, true, null);
        ServletOutputStream out = g.getOutputStream();
        out.write("data: 1\n\n".getBytes(StandardCharsets.UTF_8));
        r.contentType = "text/event-stream";
        out.flush();
        assertThat(r.body.toString(StandardCharsets.UTF_8)).isEqualTo("data: 1\n\n");
        out.write('x');
        assertThat(r.body.toString(StandardCharsets.UTF_8)).endsWith("x");
        assertThat(out.isReady()).isTrue();
    }

    @Test
    void anErrorOrARedirectReplacesTheBody() throws IOException {
        RecordingResponse r = new RecordingResponse();
        GzipResponse g = wrap(r, true, "application/json");
        ServletOutputStream out = g.getOutputStream();
        out.write("{\"partial\":".getBytes(StandardCharsets.UTF_8));
        g.sendError(500, "boom");
        out.write(BIG.getBytes(StandardCharsets.UTF_8));
        g.finish();
        assertThat(r.error).isEqualTo(500);
        assertThat(r.body.size()).isZero();

        RecordingResponse moved = new RecordingResponse();
        GzipResponse m = wrap(moved, true, "text/html");
        m.sendRedirect("/docs/");
        m.sendError(404);
        assertThat(moved.redirect).isEqualTo("/docs/");
        assertThat(moved.error).isEqualTo(404);
    }

    @Test
    void resetsKeepTheBodyReadable() throws IOException {
        RecordingResponse r = new RecordingResponse();
        GzipResponse g = wrap(r, true, "application/json");
        ServletOutputStream out = g.getOutputStream();
        out.write(BIG.getBytes(StandardCharsets.UTF_8));
        g.resetBuffer();
        out.write(BIG.getBytes(StandardCharsets.UTF_8));
        g.finish();
        assertThat(new String(r.decoded(), StandardCharsets.UTF_8)).as("a fresh gzip stream after the buffer reset").isEqualTo(BIG);

        RecordingResponse full = new RecordingResponse();
        GzipResponse f = wrap(full, true, "application/json");
        ServletOutputStream o = f.getOutputStream();
        o.write(BIG.getBytes(StandardCharsets.UTF_8));
        f.reset();
        o.write("plain".getBytes(StandardCharsets.UTF_8));
        assertThat(full.headers).as("the headers went with the reset").doesNotContainKey("Content-Encoding");
        assertThat(full.body.toString(StandardCharsets.UTF_8)).isEqualTo("plain");
    }

    @Test
    void lengthHeadersAreHeldUntilTheBodyIsDecided() throws IOException {
        RecordingResponse r = new RecordingResponse();
        GzipResponse g = wrap(r, true, "application/json");
        g.addHeader("content-length", "3");
        g.setIntHeader("Content-Length", 3);
        g.addIntHeader("X-Count", 7);
        g.setHeader("X-Other", "a");
        g.addHeader("Content-Length", "not a number");
        assertThat(r.contentLength).as("held").isEqualTo(-1);
        g.getOutputStream().write("abc".getBytes(StandardCharsets.UTF_8));
        g.finish();
        assertThat(r.contentLength).isEqualTo(3);
        assertThat(r.headers.get("X-Count")).containsExactly("7");
        assertThat(r.headers.get("X-Other")).containsExactly("a");
        assertThat(r.headers.get("Content-Length")).containsExactly("not a number");
    }

    @Test
    void headersCommittedWithoutABodyGoOutAsTheyAre() throws IOException {
        RecordingResponse r = new RecordingResponse();
        GzipResponse g = wrap(r, true, "application/json");
        g.setContentLengthLong(0);
        g.flushBuffer();
        assertThat(r.committed).isTrue();
        assertThat(r.contentLength).isZero();
        assertThat(r.headers).doesNotContainKey("Content-Encoding");

        RecordingResponse empty = new RecordingResponse();
        GzipResponse e = wrap(empty, true, "application/json");
        e.setContentLength(0);
        e.finish();
        assertThat(empty.contentLength).isZero();
    }
}
