package dev.backtest.server.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backtest.sdk.testing.Await;
import dev.backtest.server.testing.Http;
import dev.backtest.server.testing.SecuredServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** What the hostile-input suites share: requests as a user (raw ones too), the refusal checks, and the database fingerprint. */
final class Hostile {

    /** Text that must never reach a client: stack traces, class names, SQL. */
    static final List<String> LEAKS = List.of("Exception", "at dev.", "at java.", "\tat ", "org.eclipse", "org.glassfish", "org.postgresql",
            "SQLState", "PSQLException", "SELECT ", "INSERT ", "UPDATE ", "DELETE FROM", "dev.backtest.", "com.fasterxml", "java.lang",
            "jakarta.", "Caused by");
    /** The only request ids a response may carry. */
    static final Pattern SAFE_ID = Pattern.compile("^[A-Za-z0-9._:-]{1,128}$");
    /**
     * Every table a request could write to. The audit trail is left out on purpose: a refusal on an admin route is
     * recorded there by design.
     */
    static final List<String> TABLES = List.of("users", "strategies", "backtests", "trades", "backtest_runs", "run_results", "run_trades",
            "optimizations", "optimization_chunks", "assets", "market_caps", "index_definitions", "index_runs");

    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * HTTP/1.1 only: Payara closes the connection after a 413 (the rest of the body is never read), and the
     * JDK client in its default HTTP/2 mode reuses such a connection for plain http once and fails with EOF.
     */
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private Hostile() {
    }

    /** Requests as one user with a valid token (or none at all): paced by the server's rate limit, never failed by it. */
    static final class Caller {
        private final SecuredServer.Handle secured;
        final UUID user;
        private final String authorization;

        Caller(SecuredServer.Handle secured, UUID user, String authorization) {
            this.secured = secured;
            this.user = user;
            this.authorization = authorization;
        }

        /** A new user who has been seen once, so later requests create no user row. */
        static Caller seen(SecuredServer.Handle secured) {
            UUID user = UUID.randomUUID();
            Caller c = new Caller(secured, user, "Bearer " + secured.tokens().hs256(user));
            assertThat(c.get("/api/v1/users").status()).isEqualTo(200);
            return c;
        }

        /** Requests with this Authorization header (null: none). */
        static Caller withAuthorization(SecuredServer.Handle secured, String authorization) {
            return new Caller(secured, null, authorization);
        }

        Http.Reply get(String path) {
            return send("GET", path, null);
        }

        Http.Reply post(String path, String json) {
            return send("POST", path, json);
        }

        Http.Reply put(String path, String json) {
            return send("PUT", path, json);
        }

        Http.Reply delete(String path) {
            return send("DELETE", path, null);
        }

        Http.Reply send(String method, String path, String json) {
            return send(method, path, json == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json), json == null ? null : "application/json");
        }

        Http.Reply send(String method, String path, HttpRequest.BodyPublisher body, String contentType, String... headers) {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).method(method, body).timeout(Duration.ofSeconds(60));
            if (authorization != null) {
                b.header("Authorization", authorization);
            }
            if (contentType != null) {
                b.header("Content-Type", contentType);
            }
            for (int i = 0; i + 1 < headers.length; i += 2) {
                b.header(headers[i], headers[i + 1]);
            }
            HttpRequest request = b.build();
            for (int attempt = 1; ; attempt++) {
                Http.Reply r = exchange(request);
                if (r.status() != 429 || attempt == 10) {
                    return r;
                }
                Await.sleep(Duration.ofSeconds(Long.parseLong(r.header("Retry-After"))));
            }
        }

        URI uri(String path) {
            return secured.server().uri(path);
        }

        /** A raw HTTP/1.1 request with this user's token: for what well-behaved clients refuse to send. */
        RawReply raw(String method, String path, byte[] extraHeaders, byte[] body) {
            ByteArrayOutputStream req = new ByteArrayOutputStream();
            req.writeBytes((method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n").getBytes(StandardCharsets.US_ASCII));
            if (authorization != null) {
                req.writeBytes(("Authorization: " + authorization + "\r\n").getBytes(StandardCharsets.US_ASCII));
            }
            req.writeBytes(extraHeaders);
            req.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            if (body != null) {
                req.writeBytes(body);
            }
            return Hostile.raw(secured.server().port(), req.toByteArray());
        }
    }

    /**
     * Users taking turns, so a long run of requests stays under the per-user rate limit instead of
     * waiting for it. For requests whose answer does not depend on who owns what.
     */
    static final class Pool {
        private final List<Caller> callers = new ArrayList<>();
        private int next;

        Pool(SecuredServer.Handle secured, int size) {
            for (int i = 0; i < size; i++) {
                callers.add(Caller.seen(secured));
            }
        }

        synchronized Caller next() {
            Caller c = callers.get(next);
            next = (next + 1) % callers.size();
            return c;
        }
    }

    private static Http.Reply exchange(HttpRequest request) {
        try {
            HttpResponse<String> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            return new Http.Reply(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A response read off the wire: status, headers (names in lower case) and body. */
    record RawReply(int status, Map<String, List<String>> headers, String body) {
        String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null ? null : v.get(0);
        }
    }

    /**
     * Sends the bytes and reads one response: up to its Content-Length, the end of its chunks, or the end
     * of the connection. Not up to the end of the connection in every case: after refusing a body it
     * will not read, Payara keeps the connection until its idle timeout.
     */
    static RawReply raw(int port, byte[] request) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while (!complete(got.toByteArray()) && (n = in.read(buffer)) >= 0) {
                got.write(buffer, 0, n);
            }
            return parse(got.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean complete(byte[] bytes) {
        String all = new String(bytes, StandardCharsets.ISO_8859_1);
        int end = all.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        String head = all.substring(0, end).toLowerCase(Locale.ROOT);
        java.util.regex.Matcher length = Pattern.compile("\r\ncontent-length:\\s*(\\d+)").matcher(head);
        if (length.find()) {
            return bytes.length - end - 4 >= Long.parseLong(length.group(1));
        }
        if (head.contains("\r\ntransfer-encoding: chunked")) {
            return all.endsWith("\r\n0\r\n\r\n");
        }
        return false;
    }

    private static RawReply parse(byte[] bytes) {
        String all = new String(bytes, StandardCharsets.ISO_8859_1);
        int end = all.indexOf("\r\n\r\n");
        assertThat(end).as("a complete response head in: " + all).isPositive();
        String[] lines = all.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).strip());
        }
        byte[] rest = java.util.Arrays.copyOfRange(bytes, end + 4, bytes.length);
        if ("chunked".equalsIgnoreCase(String.join(",", headers.getOrDefault("transfer-encoding", List.of())))) {
            rest = dechunk(rest);
        }
        return new RawReply(status, headers, new String(rest, StandardCharsets.UTF_8));
    }

    private static byte[] dechunk(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < in.length) {
            int eol = indexOf(in, at);
            int size = Integer.parseInt(new String(in, at, eol - at, StandardCharsets.US_ASCII).split(";")[0].strip(), 16);
            if (size == 0) {
                break;
            }
            out.write(in, eol + 2, size);
            at = eol + 2 + size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] in, int from) {
        for (int i = from; i + 1 < in.length; i++) {
            if (in[i] == '\r' && in[i + 1] == '\n') {
                return i;
            }
        }
        return in.length;
    }

    /**
     * Asserts a refusal: a 4xx among {@code statuses}, an {@code application/problem+json} document with a
     * code and the response's request id, nothing that leaks the server's insides, and a challenge on a 401.
     */
    static JsonNode refused(Http.Reply r, String what, Integer... statuses) {
        String body = r.body();
        assertThat(r.status()).as(what + " -> " + shorten(body)).isBetween(400, 499).isIn((Object[]) statuses);
        assertThat(r.contentType()).as(what + " content type").startsWith("application/problem+json");
        JsonNode p;
        try {
            p = JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError(what + ": the body is not JSON: " + shorten(body), e);
        }
        assertThat(p.path("status").asInt()).as(what + " status member").isEqualTo(r.status());
        assertThat(p.path("code").asText()).as(what + " code").isNotBlank();
        assertThat(p.path("type").asText()).as(what + " type").startsWith("/problems/");
        assertThat(p.path("request_id").asText()).as(what + " request id").isEqualTo(r.header("X-Request-ID"));
        noLeak(what, body);
        if (r.status() == 401) {
            assertThat(r.header("WWW-Authenticate")).as(what + " challenge").startsWith("Bearer");
        }
        return p;
    }

    /**
     * {@link #refused}, or, for a path ending in {@code /..}, Grizzly's own failure: its normaliser appends a {@code /}
     * after such a path in place, and when the bytes of the path have no room after them (a request object whose
     * buffer was never longer) it fails with an {@code ArrayIndexOutOfBoundsException} that Payara logs as SEVERE
     * and answers with an empty 200 before any filter or resource runs (Payara Micro 6.2025.10, Grizzly 4.0.2; the
     * same with every build of this application). Nothing is served then: no body, no request id.
     *
     * @return the problem, or null when the container dropped the request
     */
    static JsonNode refusedOrDroppedByContainer(Http.Reply r, String what, Integer... statuses) {
        if (r.status() == 200 && r.body().isEmpty() && r.header("X-Request-ID") == null) {
            return null;
        }
        return refused(r, what, statuses);
    }

    static void noLeak(String what, String body) {
        for (String marker : LEAKS) {
            assertThat(body).as(what + " leaks '" + marker + "': " + shorten(body)).doesNotContain(marker);
        }
    }

    /**
     * What Payara's HTTP layer itself refuses before any application code runs (a NUL, a backslash or
     * broken UTF-8 in the path, a bare CR or LF or a non-ASCII byte in a header, a request line over 8 KiB):
     * 400 with an empty body. The application never sees these requests, so there is nothing to map.
     */
    static void refusedByContainer(RawReply r, String what) {
        assertThat(r.status()).as(what + " -> " + r.body()).isEqualTo(400);
        assertThat(r.body()).as(what + " body").isEmpty();
    }

    static void refusedByContainer(Http.Reply r, String what) {
        assertThat(r.status()).as(what + " -> " + r.body()).isEqualTo(400);
        assertThat(r.body()).as(what + " body").isEmpty();
    }

    /** Every table's row count and a digest of its rows: any insert, update or delete changes it. */
    static Map<String, String> fingerprint(String databaseUrl) {
        Map<String, String> out = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(databaseUrl); Statement s = c.createStatement()) {
            for (String table : TABLES) {
                try (ResultSet rs = s.executeQuery("SELECT count(*), coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '-') FROM "
                        + table + " t")) {
                    rs.next();
                    out.put(table, rs.getLong(1) + " rows " + rs.getString(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + databaseUrl.replaceAll("password=[^&]*", "password=***"), e);
        }
        return out;
    }

    /** Percent-encodes a value for a query or a path segment (a space as %20). */
    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String shorten(String s) {
        return s == null ? "null" : s.length() > 400 ? s.substring(0, 400) + "..." : s;
    }


    /** A request body produced by a stream, so it is sent chunked, without a Content-Length. */
    static HttpRequest.BodyPublisher chunked(byte[] body) {
        return HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body));
    }
}
