package dev.backtest.server.api.v1;

import dev.backtest.error.FieldErrors;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** Query parameters that are not paging: integers and dates, each refused as a field error naming the parameter. */
final class QueryParams {

    private QueryParams() {
    }

    /** The integer, or {@code absent} when the parameter is missing; {@code accepted} says what is (for the message). */
    static int integer(String name, String raw, int absent, String accepted) {
        if (raw == null) {
            return absent;
        }
        try {
            return Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw FieldErrors.single(name, "must be " + accepted + "; got '" + shorten(raw) + "'");
        }
    }

    /** The ISO date ({@code 2024-01-31}), or null when the parameter is missing or empty. */
    static LocalDate date(String name, String raw) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        try {
            return LocalDate.parse(raw);
        } catch (DateTimeParseException e) {
            throw FieldErrors.single(name, "must be a date as YYYY-MM-DD; got '" + shorten(raw) + "'");
        }
    }

    private static String shorten(String raw) {
        return raw.length() > 20 ? raw.substring(0, 20) + "..." : raw;
    }
}
