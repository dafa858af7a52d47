package dev.backtest.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small HTTP client for tests: plain requests, JSON parsed on demand. */
public final class Http {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A response with its body as text. */
    public record Reply(int status, java.net.http.HttpHeaders headers, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public String contentType() {
            return header("Content-Type");
        }

        /** Asserts this is a problem+json answer with the given status and error code; returns its body. */
        public JsonNode assertProblem(int expectedStatus, String code) {
            org.assertj.core.api.Assertions.assertThat(status).as(body).isEqualTo(expectedStatus);
            org.assertj.core.api.Assertions.assertThat(contentType()).startsWith("application/problem+json");
            JsonNode problem = json();
            org.assertj.core.api.Assertions.assertThat(problem.path("code").asText()).as(body).isEqualTo(code);
            return problem;
        }
    }

    /** The fields a problem's {@code errors} name, in order; each error must say what is wrong. */
    public static java.util.List<String> fields(JsonNode problem) {
        java.util.List<String> f = new java.util.ArrayList<>();
        problem.path("errors").forEach(e -> {
            org.assertj.core.api.Assertions.assertThat(e.path("message").asText()).isNotBlank();
            f.add(e.path("field").asText());
        });
        return f;
    }

    public Reply get(URI uri, String... headers) {
        return send(HttpRequest.newBuilder(uri).GET(), headers);
    }

    public Reply send(String method, URI uri, String body, String... headers) {
        return send(HttpRequest.newBuilder(uri).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)), headers);
    }

    /** A binary body (a Parquet file, say). */
    public Reply sendBytes(String method, URI uri, byte[] body, String... headers) {
        return send(HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.ofByteArray(body)), headers);
    }

    private Reply send(HttpRequest.Builder b, String... headers) {
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> r = client.send(b.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** (name, data) of each event in a complete text/event-stream body. */
    public static java.util.List<String[]> events(String body) {
        java.util.List<String[]> out = new java.util.ArrayList<>();
        for (String block : body.replace("\r\n", "\n").split("\n\n")) {
            String name = "message";
            StringBuilder data = new StringBuilder();
            for (String line : block.split("\n")) {
                if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).strip());
                }
            }
            if (data.length() > 0) {
                out.add(new String[] {name, data.toString()});
            }
        }
        return out;
    }

    /** The (name, data) events of a complete, successful text/event-stream answer; at least one. */
    public static java.util.List<String[]> events(Reply stream) {
        org.assertj.core.api.Assertions.assertThat(stream.status()).as(stream.body()).isEqualTo(200);
        org.assertj.core.api.Assertions.assertThat(stream.contentType()).startsWith("text/event-stream");
        java.util.List<String[]> all = events(stream.body());
        org.assertj.core.api.Assertions.assertThat(all).isNotEmpty();
        return all;
    }
}
