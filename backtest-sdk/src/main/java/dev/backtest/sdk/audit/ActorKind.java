package dev.backtest.sdk.audit;

import dev.backtest.error.FieldErrors;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Who made a change: a user on their own resources, an administrator (a user with the admin role), or the machine
 * credential of the admin routes ({@code ADMIN_TOKEN}), which has no user. The database and JSON hold the lower-case
 * {@link #wire()} name: {@code user}, {@code admin}, {@code admin_token}.
 *
 * <pre>{@code
 * ActorKind k = ActorKind.fromWire("admin_token");   // ADMIN_TOKEN
 * String wire = ActorKind.ADMIN.wire();              // "admin"
 * }</pre>
 */
public enum ActorKind {
    USER, ADMIN, ADMIN_TOKEN;

    /** The lower snake-case name used in the database and in JSON. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The kind of a wire name.
     *
     * @throws dev.backtest.error.BacktestException {@link dev.backtest.error.ErrorCode#VALIDATION_FAILED} (field
     *         {@code actor_kind}) for any other value
     */
    public static ActorKind fromWire(String value) {
        return Arrays.stream(values()).filter(k -> k.wire().equals(value)).findFirst()
                .orElseThrow(() -> FieldErrors.single("actor_kind", "must be one of " + accepted() + "; got '" + value + "'"));
    }

    static String accepted() {
        return Arrays.stream(values()).map(ActorKind::wire).collect(Collectors.joining(", "));
    }
}
