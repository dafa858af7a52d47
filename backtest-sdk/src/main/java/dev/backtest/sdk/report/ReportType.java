package dev.backtest.sdk.report;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The kinds of saved report, by their wire names. A type that is listed but not {@link #available()} is refused on
 * create with a field error naming the types accepted now; new types are added here (and to the {@code reports}
 * table's check constraint).
 *
 * <pre>{@code
 * ReportType t = ReportType.fromWire("period_returns").orElseThrow();   // PERIOD_RETURNS
 * List<String> accepted = ReportType.availableWires();                 // [backtest_summary, period_returns, index_performance]
 * }</pre>
 */
public enum ReportType {
    /** A backtest run over the period: summary figures, equity and drawdown, monthly and yearly returns, the trades. */
    BACKTEST_SUMMARY("backtest_summary", "Backtest summary", true),
    /** A backtest run's monthly and yearly returns table over the period, with the summary figures. */
    PERIOD_RETURNS("period_returns", "Period returns", true),
    /** One of the user's indexes over the period: its values, monthly and yearly returns, benchmark and risk metrics. */
    INDEX_PERFORMANCE("index_performance", "Index performance", true);

    private final String wire;
    private final String label;
    private final boolean available;

    ReportType(String wire, String label, boolean available) {
        this.wire = wire;
        this.label = label;
        this.available = available;
    }

    /** The name in requests, responses and the database. */
    public String wire() {
        return wire;
    }

    /** What a title says of the type ("Period returns"). */
    public String label() {
        return label;
    }

    /** Whether reports of this type can be created by this version. */
    public boolean available() {
        return available;
    }

    /** The type of a wire name, if any. */
    public static Optional<ReportType> fromWire(String wire) {
        return Arrays.stream(values()).filter(t -> t.wire.equals(wire)).findFirst();
    }

    /** The wire names of the types that can be created now. */
    public static List<String> availableWires() {
        return Arrays.stream(values()).filter(ReportType::available).map(ReportType::wire).toList();
    }
}
