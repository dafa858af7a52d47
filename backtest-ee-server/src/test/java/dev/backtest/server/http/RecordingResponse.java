package dev.backtest.server.http;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/** A container's response that records what a response wrapper passed on: headers, length, status, body, errors. */
final class RecordingResponse {

    final Map<String, List<String>> headers = new LinkedHashMap<>();
    final ByteArrayOutputStream body = new ByteArrayOutputStream();
    String contentType;
    String charset = "ISO-8859-1";
    long contentLength = -1;
    int status = 200;
    boolean committed;
    Integer error;
    String redirect;

    /** The body, gunzipped when it was sent with {@code Content-Encoding: gzip}. */
    byte[] decoded() throws IOException {
        if (!List.of("gzip").equals(headers.get("Content-Encoding"))) {
            return body.toByteArray();
        }
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body.toByteArray()))) {
            return in.readAllBytes();
        }
    }

    /** A request that is not asynchronous. */
    static HttpServletRequest request() {
        return (HttpServletRequest) Proxy.newProxyInstance(RecordingResponse.class.getClassLoader(), new Class<?>[] {HttpServletRequest.class},
                (p, m, a) -> m.getName().equals("isAsyncStarted") ? false : null);
    }

    /** The container's side of a response, recording into this. */
    HttpServletResponse response() {
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public void write(int b) {
                committed = true;
                body.write(b);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
            }
        };
        return (HttpServletResponse) Proxy.newProxyInstance(RecordingResponse.class.getClassLoader(), new Class<?>[] {HttpServletResponse.class},
                (p, m, a) -> switch (m.getName()) {
                    case "getOutputStream" -> out;
                    case "getWriter" -> new PrintWriter(out, true, StandardCharsets.UTF_8);
                    case "setHeader" -> {
                        headers.put((String) a[0], new ArrayList<>(List.of((String) a[1])));
                        yield null;
                    }
                    case "addHeader" -> {
                        headers.computeIfAbsent((String) a[0], k -> new ArrayList<>()).add((String) a[1]);
                        yield null;
                    }
                    case "setIntHeader", "addIntHeader" -> {
                        headers.computeIfAbsent((String) a[0], k -> new ArrayList<>()).add(String.valueOf(a[1]));
                        yield null;
                    }
                    case "getHeader" -> headers.containsKey((String) a[0]) ? headers.get((String) a[0]).get(0) : null;
                    case "getHeaders" -> headers.getOrDefault((String) a[0], List.of());
                    case "setContentLengthLong" -> {
                        contentLength = (long) a[0];
                        yield null;
                    }
                    case "setContentLength" -> {
                        contentLength = (int) a[0];
                        yield null;
                    }
                    case "getContentType" -> contentType;
                    case "setContentType" -> {
                        contentType = (String) a[0];
                        yield null;
                    }
                    case "getCharacterEncoding" -> charset;
                    case "setCharacterEncoding" -> {
                        charset = (String) a[0];
                        yield null;
                    }
                    case "getStatus" -> status;
                    case "setStatus" -> {
                        status = (int) a[0];
                        yield null;
                    }
                    case "isCommitted" -> committed;
                    case "flushBuffer" -> {
                        committed = true;
                        yield null;
                    }
                    case "resetBuffer" -> {
                        body.reset();
                        yield null;
                    }
                    case "reset" -> {
                        body.reset();
                        headers.clear();
                        yield null;
                    }
                    case "sendError" -> {
                        error = (Integer) a[0];
                        yield null;
                    }
                    case "sendRedirect" -> {
                        redirect = (String) a[0];
                        yield null;
                    }
                    default -> null;
                });
    }
}
