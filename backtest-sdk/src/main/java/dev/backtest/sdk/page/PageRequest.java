package dev.backtest.sdk.page;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.error.FieldErrors;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Which page of a list to return: at most {@code limit} (1..200, default 50) items from
 * {@code offset}, in {@code sort} order. A cursor is an opaque token for an offset, handed out as
 * {@link Page#nextCursor()}; clients may send either.
 *
 * <pre>{@code
 * PageRequest p = PageRequest.parse("20", null, null, "-created_at");
 * }</pre>
 */
public record PageRequest(int limit, int offset, Sort sort) {

    public static final int MAX_LIMIT = 200;
    public static final int DEFAULT_LIMIT = 50;
    private static final String CURSOR_PREFIX = "o:";

    /** List orders; ties are broken by id so pages never overlap. */
    public enum Sort {
        CREATED_AT("created_at"), CREATED_AT_DESC("-created_at"), NAME("name");

        private final String wire;

        Sort(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    public PageRequest {
        if (limit < 1 || limit > MAX_LIMIT || offset < 0 || sort == null) {
            throw FieldErrors.single("limit", "must be 1.." + MAX_LIMIT + " with offset >= 0; got " + limit + "/" + offset);
        }
    }

    /** The first page of {@code limit} items, newest first. */
    public static PageRequest first(int limit) {
        return new PageRequest(limit, 0, Sort.CREATED_AT_DESC);
    }

    /**
     * Parses query parameters (each may be null): {@code limit}, {@code offset}, {@code cursor}
     * (not together with offset) and {@code sort} ({@code created_at}, {@code -created_at} default, {@code name}).
     *
     * @throws BacktestException {@link ErrorCode#VALIDATION_FAILED} naming each bad parameter
     */
    public static PageRequest parse(String limit, String offset, String cursor, String sort) {
        FieldErrors errors = new FieldErrors();
        int l = DEFAULT_LIMIT;
        if (limit != null) {
            try {
                l = Integer.parseInt(limit.strip());
                if (l < 1 || l > MAX_LIMIT) {
                    errors.add("limit", "must be an integer from 1 to " + MAX_LIMIT + "; got " + limit);
                }
            } catch (NumberFormatException e) {
                errors.add("limit", "must be an integer from 1 to " + MAX_LIMIT + "; got '" + limit + "'");
            }
        }
        int o = 0;
        if (offset != null && cursor != null) {
            errors.add("cursor", "send either cursor or offset, not both");
        } else if (offset != null) {
            o = nonNegative(errors, "offset", offset);
        } else if (cursor != null) {
            String decoded;
            try {
                decoded = new String(Base64.getUrlDecoder().decode(cursor.strip()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                decoded = "";
            }
            if (decoded.startsWith(CURSOR_PREFIX)) {
                o = nonNegative(errors, "cursor", decoded.substring(CURSOR_PREFIX.length()));
            } else {
                errors.add("cursor", "is not a cursor this server handed out");
            }
        }
        Sort s = Sort.CREATED_AT_DESC;
        if (sort != null) {
            s = null;
            for (Sort candidate : Sort.values()) {
                if (candidate.wire.equals(sort.strip())) {
                    s = candidate;
                }
            }
            if (s == null) {
                errors.add("sort", "must be one of created_at, -created_at, name; got '" + sort + "'");
            }
        }
        errors.throwIfAny();
        return new PageRequest(l, o, s);
    }

    private static int nonNegative(FieldErrors errors, String field, String value) {
        try {
            int v = Integer.parseInt(value.strip());
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(field, "must be a non-negative integer; got '" + value + "'");
        return 0;
    }

    /** The cursor of the page after one that returned {@code returned} of {@code total} items, or null. */
    public String nextCursor(int returned, long total) {
        long next = (long) offset + returned;
        if (returned == 0 || next >= total) {
            return null;
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString((CURSOR_PREFIX + next).getBytes(StandardCharsets.UTF_8));
    }

    /** The page of these items. */
    public <T> Page<T> page(java.util.List<T> items, long total) {
        return new Page<>(items, total, limit, offset, nextCursor(items.size(), total));
    }
}
