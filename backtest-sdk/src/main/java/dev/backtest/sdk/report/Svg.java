package dev.backtest.sdk.report;

import java.util.Locale;

/** Small helpers for drawing SVG by hand: scales, number formatting, escaping. */
final class Svg {

    private Svg() {
    }

    /** Maps a data interval onto a pixel interval. */
    record Scale(double min, double max, double from, double to) {
        static Scale of(double min, double max, double from, double to) {
            if (!(max > min)) {
                double pad = Math.abs(min) > 0 ? Math.abs(min) * 0.01 : 1.0;
                return new Scale(min - pad, max + pad, from, to);
            }
            return new Scale(min, max, from, to);
        }

        double at(double v) {
            return from + (v - min) / (max - min) * (to - from);
        }
    }

    static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** A value as shown in tables, escaped for HTML. */
    static String display(Object v) {
        return escape(Display.value(v));
    }
}
