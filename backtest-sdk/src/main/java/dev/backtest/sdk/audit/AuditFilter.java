package dev.backtest.sdk.audit;

import dev.backtest.error.FieldErrors;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Which audit events to list: of one resource type (null: every type) in the half-open time range
 * {@code [from, to)} (either end null: open). The resource types are {@link AuditService#RESOURCE_TYPES}:
 * {@code strategy}, {@code backtest}, {@code trade}, {@code run}, {@code optimization}, {@code cache},
 * {@code admin_route}.
 *
 * <pre>{@code
 * AuditFilter everything = AuditFilter.all();
 * AuditFilter strategiesInMay = new AuditFilter("strategy", Instant.parse("2024-05-01T00:00:00Z"),
 *         Instant.parse("2024-06-01T00:00:00Z"));
 * AuditFilter fromQuery = AuditFilter.parse(params.get("resource_type"), params.get("from"), params.get("to"));
 * }</pre>
 *
 * @param resourceType one of {@link AuditService#RESOURCE_TYPES}, or null for every type
 * @param from         the earliest time included, or null
 * @param to           the first time excluded, or null
 */
public record AuditFilter(String resourceType, Instant from, Instant to) {

    private static final AuditFilter ALL = new AuditFilter(null, null, null);

    /**
     * Checks the filter.
     *
     * @throws dev.backtest.error.BacktestException {@link dev.backtest.error.ErrorCode#VALIDATION_FAILED} for an
     *         unknown resource type (field {@code resource_type}) or {@code from} after {@code to} (field {@code to})
     */
    public AuditFilter {
        FieldErrors errors = new FieldErrors();
        check(errors, resourceType, from, to);
        errors.throwIfAny();
    }

    /** Every event: any resource type, any time. */
    public static AuditFilter all() {
        return ALL;
    }

    /**
     * A filter from query parameters, each may be null or blank (no restriction): {@code resourceType} one of
     * {@link AuditService#RESOURCE_TYPES}; {@code from} and {@code to} ISO-8601 times with a zone or offset
     * ({@code 2024-05-01T00:00:00Z}, {@code 2024-05-01T02:00:00+02:00}), {@code from} not after {@code to}.
     *
     * @throws dev.backtest.error.BacktestException {@link dev.backtest.error.ErrorCode#VALIDATION_FAILED} listing
     *         every bad parameter (fields {@code resource_type}, {@code from}, {@code to})
     */
    public static AuditFilter parse(String resourceType, String from, String to) {
        FieldErrors errors = new FieldErrors();
        String type = resourceType == null || resourceType.isBlank() ? null : resourceType.strip();
        Instant start = time(errors, "from", from);
        Instant end = time(errors, "to", to);
        check(errors, type, start, end);
        errors.throwIfAny();
        return new AuditFilter(type, start, end);
    }

    private static void check(FieldErrors errors, String resourceType, Instant from, Instant to) {
        if (resourceType != null && !AuditService.RESOURCE_TYPES.contains(resourceType)) {
            errors.add("resource_type", "must be one of " + String.join(", ", AuditService.RESOURCE_TYPES) + "; got '"
                    + shorten(resourceType) + "'");
        }
        if (from != null && to != null && from.isAfter(to)) {
            errors.add("to", "must not be before from " + from + "; got " + to);
        }
    }

    private static Instant time(FieldErrors errors, String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(field, "must be an ISO-8601 time with a zone or offset, such as 2024-05-01T00:00:00Z; got '" + shorten(v) + "'");
            return null;
        }
    }

    private static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
