package dev.backtest.server.problem;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.Map;

/**
 * An RFC 9457 problem document ({@code application/problem+json}) with the stable {@code code},
 * the request id, the time and the path; {@code extensions} carries code-specific members such as
 * {@code errors}, {@code required} or {@code available}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "title", "status", "detail", "code", "request_id", "timestamp", "path"})
public record Problem(String type, String title, int status, String detail, String code, String requestId, String timestamp,
                      String path, @com.fasterxml.jackson.annotation.JsonIgnore Map<String, Object> extensions) {

    public static final String MEDIA_TYPE = "application/problem+json";

    @JsonAnyGetter
    public Map<String, Object> anyExtensions() {
        return extensions;
    }
}
