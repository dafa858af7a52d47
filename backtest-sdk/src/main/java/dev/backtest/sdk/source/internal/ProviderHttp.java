package dev.backtest.sdk.source.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.StringJoiner;

/**
 * One HTTP GET of a provider's JSON ({@link HttpClient}, a timeout per request), turned into an answer or a
 * {@link ProviderFailure}: {@code 429} is a rate limit with the {@code Retry-After} it carried (seconds or an HTTP
 * date), {@code 5xx}, timeouts and connection failures are transient, a body that is not JSON is permanent. Other
 * statuses come back with their JSON body for the provider to read (several answer errors in a body). URLs are never
 * logged with their query (which may hold a key): only the path is.
 */
final class ProviderHttp {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderHttp.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER_AGENT = "Mozilla/5.0 (compatible; backtest-sdk)";

    /** A status below 500 other than 429, with its JSON body. */
    record Answer(int status, JsonNode body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private final String provider;
    private final HttpClient client;
    private final Duration timeout;
    private final Clock clock;

    ProviderHttp(String provider, HttpClient client, Duration timeout, Clock clock) {
        this.provider = provider;
        this.client = client;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** A client as the providers use it: HTTP/1.1, redirects followed, connecting within {@code timeout}. */
    static HttpClient client(Duration timeout) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** One attempt: GET {@code uri} with {@code headers}. */
    Answer get(URI uri, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json")
                .header("User-Agent", USER_AGENT).GET();
        headers.forEach(b::header);
        LOG.debug("{}: GET {}", provider, uri.getRawPath());
        HttpResponse<String> response;
        try {
            response = client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw ProviderFailure.transientFailure("no answer within " + seconds(timeout) + " (SOURCE_TIMEOUT_SECONDS)", e);
        } catch (IOException e) {
            throw ProviderFailure.transientFailure("connection failed: " + ProviderCalls.reasonOf(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProviderFailure.permanent("interrupted", e);
        }
        int status = response.statusCode();
        String body = response.body() == null ? "" : response.body();
        if (status == 429) {
            throw ProviderFailure.rateLimited("rate limited (HTTP 429" + detail(body) + ")", retryAfter(response).orElse(null));
        }
        if (status >= 500) {
            String reason = "HTTP " + status + detail(body);
            throw retryAfter(response).map(d -> ProviderFailure.transientFailure(reason, d))
                    .orElseGet(() -> ProviderFailure.transientFailure(reason, (Throwable) null));
        }
        try {
            return new Answer(status, JSON.readTree(body.isBlank() ? "null" : body));
        } catch (JsonProcessingException e) {
            if (status >= 200 && status < 300) {
                throw ProviderFailure.permanent("malformed JSON answer (" + e.getOriginalMessage() + ")", null);
            }
            throw ProviderFailure.permanent("HTTP " + status + ": " + shorten(body), null);
        }
    }

    /** The failure of an answer with an error status: its status and the provider's own message. */
    static ProviderFailure refused(Answer a) {
        return ProviderFailure.permanent("HTTP " + a.status() + detail(a.body()), null);
    }

    /** The provider's message in a JSON error body ({@code message}, {@code msg}, {@code description}), or "". */
    static String messageOf(JsonNode body) {
        if (body == null) {
            return "";
        }
        for (String field : new String[] {"message", "msg", "description"}) {
            JsonNode m = body.get(field);
            if (m != null && m.isValueNode() && !m.asText().isBlank()) {
                return m.asText();
            }
        }
        return "";
    }

    private static String detail(String body) {
        try {
            return detail(JSON.readTree(body.isBlank() ? "null" : body));
        } catch (JsonProcessingException e) {
            return body.isBlank() ? "" : ": " + shorten(body);
        }
    }

    private static String detail(JsonNode body) {
        String m = messageOf(body);
        return m.isEmpty() ? "" : ": " + shorten(m);
    }

    /** How long the answer asks us to wait: {@code Retry-After} as seconds or as an HTTP date (from now by the clock). */
    java.util.Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(v -> parseRetryAfter(v, clock));
    }

    static java.util.Optional<Duration> parseRetryAfter(String value, Clock clock) {
        String v = value.strip();
        try {
            if (v.matches("\\d{1,9}")) {
                return java.util.Optional.of(Duration.ofSeconds(Long.parseLong(v)));
            }
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration d = Duration.between(clock.instant(), at);
            return java.util.Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (DateTimeParseException e) {
            return java.util.Optional.empty();
        }
    }

    /** A query string of {@code params} (in order), each value percent-encoded (spaces as {@code %20}). */
    static String query(Map<String, String> params) {
        StringJoiner j = new StringJoiner("&");
        params.forEach((k, v) -> {
            if (v != null) {
                j.add(encode(k) + "=" + encode(v));
            }
        });
        return j.toString();
    }

    /** One path segment or query value, percent-encoded. */
    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String shorten(String s) {
        String one = s.strip().replaceAll("\\s+", " ");
        return one.length() > 200 ? one.substring(0, 200) + "..." : one;
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
