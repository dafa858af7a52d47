package dev.backtest.sdk.report;

import java.util.List;

/**
 * The SVG chart frame both reports share (width, margins, a value grid with labels) and the charts they both draw:
 * lines over time on one scale, and the drawdown as a filled area. Lines are reduced by {@link LineReducer} to at
 * most {@link #MAX_LINE_POINTS} points, so a chart's size does not grow with the number of bars.
 *
 * <pre>{@code
 * String svg = Chart.lines("equity-chart", 280, time, List.of(new Chart.Line(time, equity, "#1a73e8", "equity")));
 * }</pre>
 */
final class Chart {

    static final int WIDTH = 1100;
    static final int MAX_LINE_POINTS = 1500;
    static final int LEFT = 70;
    static final int RIGHT = 20;

    /**
     * One line of a line chart. It has times of its own because a line may start later than the chart (a benchmark
     * drawn from the first fill); its times must lie within the chart's.
     */
    record Line(long[] time, double[] values, String color, String cssClass) {
    }

    private Chart() {
    }

    /** Lines on one value scale spanning all of them, over the chart's {@code time}, drawn in list order. */
    static String lines(String id, int height, long[] time, List<Line> lines) {
        if (time.length == 0) {
            return "<p>No bars.</p>\n";
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Line l : lines) {
            min = Math.min(min, LineReducer.min(l.values()));
            max = Math.max(max, LineReducer.max(l.values()));
        }
        Svg.Scale y = Svg.Scale.of(min, max, height - 25, 10);
        Svg.Scale x = xScale(time);
        StringBuilder s = open(id, height);
        axis(s, y, height);
        for (Line l : lines) {
            LineReducer.Points p = LineReducer.reduce(l.time(), l.values(), MAX_LINE_POINTS);
            StringBuilder path = new StringBuilder();
            for (int i = 0; i < p.size(); i++) {
                path.append(i == 0 ? "M" : " L").append(Svg.num(x.at(p.x()[i]))).append(',').append(Svg.num(y.at(p.y()[i])));
            }
            s.append("<path class=\"").append(l.cssClass()).append("\" d=\"").append(path).append("\" fill=\"none\" stroke=\"")
                    .append(l.color()).append("\" stroke-width=\"1.5\"/>\n");
        }
        return s.append("</svg>\n").toString();
    }

    /** The drawdown in percent (0 or negative at each time) as an area hanging from 0. */
    static String drawdown(long[] time, double[] drawdownPct) {
        int height = 160;
        if (time.length == 0) {
            return "<p>No bars.</p>\n";
        }
        // at least 0.01 % deep, so that a run without drawdown still gets a scale
        double min = Math.min(LineReducer.min(drawdownPct), -0.01);
        Svg.Scale y = Svg.Scale.of(min, 0, height - 25, 10);
        StringBuilder s = open("drawdown-chart", height);
        axis(s, y, height);
        LineReducer.Points p = LineReducer.reduce(time, drawdownPct, MAX_LINE_POINTS);
        Svg.Scale x = xScale(time);
        StringBuilder path = new StringBuilder("M").append(Svg.num(x.at(p.x()[0]))).append(',').append(Svg.num(y.at(0)));
        for (int i = 0; i < p.size(); i++) {
            path.append(" L").append(Svg.num(x.at(p.x()[i]))).append(',').append(Svg.num(y.at(p.y()[i])));
        }
        path.append(" L").append(Svg.num(x.at(p.x()[p.size() - 1]))).append(',').append(Svg.num(y.at(0))).append(" Z");
        s.append("<path class=\"drawdown\" d=\"").append(path).append("\" fill=\"#f5c2c0\" stroke=\"#b3261e\" stroke-width=\"1\"/>\n");
        return s.append("</svg>\n").toString();
    }

    /** The opening tag of a chart, {@link #WIDTH} wide. */
    static StringBuilder open(String id, int height) {
        return new StringBuilder("<svg id=\"").append(id).append("\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" role=\"img\">\n");
    }

    /** Five labelled grid lines over {@code y}'s range and the base line. */
    static void axis(StringBuilder s, Svg.Scale y, int height) {
        s.append("<g class=\"axis\" font-size=\"11\" fill=\"#5f6368\">");
        for (int i = 0; i <= 4; i++) {
            double v = y.min() + (y.max() - y.min()) * i / 4;
            double py = y.at(v);
            s.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y1=\"").append(Svg.num(py))
                    .append("\" y2=\"").append(Svg.num(py)).append("\" stroke=\"#eceff1\"/>")
                    .append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(Svg.num(py + 4)).append("\" text-anchor=\"end\">")
                    .append(Svg.display(v)).append("</text>");
        }
        s.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y1=\"").append(height - 25)
                .append("\" y2=\"").append(height - 25).append("\" stroke=\"#9aa0a6\"/></g>\n");
    }

    /** Times onto the plot's width. */
    static Svg.Scale xScale(long[] time) {
        return Svg.Scale.of(time[0], time[time.length - 1], LEFT, WIDTH - RIGHT);
    }
}
