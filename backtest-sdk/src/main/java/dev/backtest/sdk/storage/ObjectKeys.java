package dev.backtest.sdk.storage;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;

import java.util.regex.Pattern;

/**
 * Validation of object keys and prefixes: the only characters that reach a path or a request are
 * letters, digits and {@code / . _ = -}; no empty, {@code .} or {@code ..} segment; no leading slash.
 * Every {@link ObjectStore} checks its keys with it; the server checks request parameters with it first.
 *
 * <pre>{@code
 * String key = ObjectKeys.key("ohlcv/1Y/symbol=BTC/year=2024/BTC_2024.parquet");   // returned unchanged
 * String all = ObjectKeys.prefix("");                                             // "": the whole bucket
 * ObjectKeys.prefix("ohlcv/../secrets/");   // throws BacktestException with code INVALID_KEY
 * }</pre>
 */
public final class ObjectKeys {

    private static final Pattern ALLOWED = Pattern.compile("^[A-Za-z0-9/._=-]{1,1024}$");
    private static final String ACCEPTED = "1-1024 characters of A-Z a-z 0-9 / . _ = -, no leading '/', no '.' or '..' segment";

    private ObjectKeys() {
    }

    /** Checks a full object key. */
    public static String key(String key) {
        if (key == null || !ALLOWED.matcher(key).matches() || key.startsWith("/") || key.endsWith("/") || badSegment(key)) {
            throw invalid("key", key);
        }
        return key;
    }

    /** Checks a listing prefix; an empty prefix means the whole bucket. */
    public static String prefix(String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            return "";
        }
        if (!ALLOWED.matcher(prefix).matches() || prefix.startsWith("/") || badSegment(prefix)) {
            throw invalid("prefix", prefix);
        }
        return prefix;
    }

    private static boolean badSegment(String value) {
        String[] segments = value.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String s = segments[i];
            boolean last = i == segments.length - 1;
            if (s.equals(".") || s.equals("..") || (s.isEmpty() && !last)) {
                return true;
            }
        }
        return false;
    }

    private static BacktestException invalid(String what, String value) {
        String shown = value == null ? "null" : value.length() > 200 ? value.substring(0, 200) + "..." : value;
        return BacktestException.of(ErrorCode.INVALID_KEY, what + " '" + shown + "' is not valid; accepted: " + ACCEPTED)
                .with(what, shown);
    }
}
