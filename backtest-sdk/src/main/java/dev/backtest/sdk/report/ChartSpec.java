package dev.backtest.sdk.report;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.util.List;

/**
 * One interactive chart of a report page as the page's script reads it (JSON in the page): its times, its series and
 * how to draw them. The script draws every chart with time ticks in UTC, round value ticks, a legend that shows the
 * time and values under the cursor, drag to zoom over time (all charts of the page together) and double-click to
 * reset.
 *
 * <pre>{@code
 * new ChartSpec("equity-chart", 280, ChartSpec.Kind.LINES, "", time,
 *         List.of(new ChartSpec.Series("equity", "#1a73e8", ChartSpec.Style.LINE, equity)));
 * }</pre>
 *
 * @param unit shown after values in the legend and on the axis ({@code "%"} or empty)
 */
record ChartSpec(String id, int height, Kind kind, String unit, long[] x, List<Series> series) {

    /**
     * How the chart is drawn: lines (and filled areas or points), candles from the series named open, high, low and
     * close (the others drawn as markers), or shares stacked to 100 % (each series' values are shares of the whole).
     */
    enum Kind { LINES, CANDLES, STACK }

    /** How one series is drawn: a line, a line filled down to zero, points only (markers), or not at all (legend only). */
    enum Style { LINE, AREA, POINTS, LEGEND }

    /** One series; {@code values} aligned with the chart's times, NaN where it has no value. */
    record Series(String label, String color, Style style, double[] values) {
    }

    void write(JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", id);
        g.writeNumberField("height", height);
        g.writeStringField("kind", kind.name().toLowerCase(java.util.Locale.ROOT));
        g.writeStringField("unit", unit);
        g.writeArrayFieldStart("x");
        for (long t : x) {
            g.writeNumber(t);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("series");
        for (Series s : series) {
            g.writeStartObject();
            g.writeStringField("label", s.label());
            g.writeStringField("color", s.color());
            g.writeStringField("style", s.style().name().toLowerCase(java.util.Locale.ROOT));
            g.writeArrayFieldStart("values");
            for (double v : s.values()) {
                if (Double.isFinite(v)) {
                    g.writeNumber(v);
                } else {
                    g.writeNull();
                }
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }
}
