package dev.backtest.sdk.asset;

import dev.backtest.error.BacktestException;
import dev.backtest.error.FieldErrors;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The class of an asset. The database and JSON hold the lower-case {@link #wire()} name: {@code equity},
 * {@code crypto}, {@code fx}, {@code commodity}, {@code index}.
 *
 * <pre>{@code
 * AssetClass c = AssetClass.fromWire("crypto");   // CRYPTO
 * }</pre>
 */
public enum AssetClass {
    EQUITY, CRYPTO, FX, COMMODITY, INDEX;

    /** The lower-case name used in the database and in JSON. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The class of a wire name.
     *
     * @throws BacktestException {@code VALIDATION_FAILED} (field {@code asset_class}) for any other value
     */
    public static AssetClass fromWire(String value) {
        return Arrays.stream(values()).filter(c -> c.wire().equals(value)).findFirst()
                .orElseThrow(() -> FieldErrors.single("asset_class", "must be one of " + accepted() + "; got "
                        + (value == null ? "null" : "'" + (value.length() > 40 ? value.substring(0, 40) + "..." : value) + "'")));
    }

    /** The accepted wire names, comma-separated. */
    public static String accepted() {
        return Arrays.stream(values()).map(AssetClass::wire).collect(Collectors.joining(", "));
    }
}
