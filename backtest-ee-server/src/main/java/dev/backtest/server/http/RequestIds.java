package dev.backtest.server.http;

import jakarta.servlet.http.HttpServletRequest;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** Request ids: a client's {@code X-Request-ID} when it is safe to echo, else a new UUID. */
public final class RequestIds {

    public static final String HEADER = "X-Request-ID";
    /** The request attribute (and JAX-RS property) holding the id. */
    public static final String ATTRIBUTE = "dev.backtest.request-id";

    private static final Pattern SAFE = Pattern.compile("^[A-Za-z0-9._:-]{1,128}$");

    private RequestIds() {
    }

    /** The incoming id if it is 1-128 characters of letters, digits and {@code . _ : -}; otherwise a new one. */
    public static String accept(String incoming) {
        return incoming != null && SAFE.matcher(incoming).matches() ? incoming : newId();
    }

    /**
     * A random (version 4) UUID from {@link ThreadLocalRandom}: a request id needs to be unique, not unguessable,
     * and {@code UUID.randomUUID()} takes the lock of the system's secure random source on every request.
     */
    static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long msb = random.nextLong() & ~0xF000L | 0x4000L;
        long lsb = random.nextLong() & ~(0xC000000000000000L) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    /** The id given to this request, or null outside a request. */
    public static String of(HttpServletRequest request) {
        if (request == null) {
            return null;
        }
        Object id = request.getAttribute(ATTRIBUTE);
        return id == null ? null : id.toString();
    }
}
