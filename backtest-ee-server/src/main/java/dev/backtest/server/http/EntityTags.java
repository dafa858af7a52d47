package dev.backtest.server.http;

import java.util.List;

/**
 * {@code If-None-Match} against an entity tag (RFC 9110 13.1.2): the weak comparison, which is the one
 * {@code If-None-Match} uses, so {@code W/"x"} matches {@code "x"}; a list of tags, or {@code *} for any current
 * representation. Parsed by hand, without regular expressions: it runs on every cached candle request.
 *
 * <pre>{@code
 * boolean fresh = EntityTags.noneMatchFails(headers.getRequestHeader("If-None-Match"), "W/\"abc\""); // true -> 304
 * }</pre>
 */
public final class EntityTags {

    public static final String IF_NONE_MATCH = "If-None-Match";

    private EntityTags() {
    }

    /**
     * Whether the {@code If-None-Match} header values (null or empty: absent) name {@code etag}, or are {@code *}: then
     * a GET answers {@code 304 Not Modified}. A malformed member matches nothing.
     */
    public static boolean noneMatchFails(List<String> headerValues, String etag) {
        if (headerValues == null || headerValues.isEmpty() || etag == null) {
            return false;
        }
        int from = etag.startsWith("W/") ? 2 : 0; // the quoted part: weak comparison ignores weakness
        for (String value : headerValues) {
            if (value != null && matchesAny(value, etag, from)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesAny(String value, String etag, int from) {
        int length = etag.length() - from;
        int i = 0;
        int n = value.length();
        while (i < n) {
            char c = value.charAt(i);
            if (c == ' ' || c == '\t' || c == ',') {
                i++;
                continue;
            }
            if (c == '*') {
                return true;
            }
            if (value.startsWith("W/", i)) {
                i += 2;
            }
            if (i >= n || value.charAt(i) != '"') {
                // not a tag: skip to the next member
                int comma = value.indexOf(',', i);
                i = comma < 0 ? n : comma + 1;
                continue;
            }
            int close = value.indexOf('"', i + 1);
            if (close < 0) {
                return false;
            }
            if (close + 1 - i == length && value.regionMatches(i, etag, from, length)) {
                return true;
            }
            i = close + 1;
        }
        return false;
    }
}
