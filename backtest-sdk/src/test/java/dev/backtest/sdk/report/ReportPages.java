package dev.backtest.sdk.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads what a report page holds: its chart data (the JSON block) and the hashes of its inline scripts. */
final class ReportPages {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DATA = Pattern.compile("<script type=\"application/json\" id=\"report-data\">(.*?)</script>",
            Pattern.DOTALL);
    private static final Pattern SCRIPT = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL);

    private ReportPages() {
    }

    /** The chart of that id from the page's chart data. */
    static JsonNode chart(String html, String id) {
        for (JsonNode c : charts(html)) {
            if (c.path("id").asText().equals(id)) {
                return c;
            }
        }
        throw new AssertionError("no chart " + id);
    }

    static JsonNode charts(String html) {
        Matcher m = DATA.matcher(html);
        assertThat(m.find()).as("the chart data block").isTrue();
        try {
            return JSON.readTree(m.group(1)).path("charts");
        } catch (Exception e) {
            throw new AssertionError("chart data is not JSON", e);
        }
    }

    /** A chart's series by label. */
    static JsonNode series(JsonNode chart, String label) {
        for (JsonNode s : chart.path("series")) {
            if (s.path("label").asText().equals(label)) {
                return s;
            }
        }
        throw new AssertionError("no series " + label + " in " + chart.path("id"));
    }

    static double[] values(JsonNode series) {
        JsonNode v = series.path("values");
        double[] out = new double[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = v.get(i).isNull() ? Double.NaN : v.get(i).asDouble();
        }
        return out;
    }

    static long[] times(JsonNode chart) {
        JsonNode v = chart.path("x");
        long[] out = new long[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = v.get(i).asLong();
        }
        return out;
    }

    /** The executable inline scripts, in page order. */
    static List<String> scripts(String html) {
        List<String> out = new ArrayList<>();
        Matcher m = SCRIPT.matcher(html);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** The page without its two inlined scripts (uPlot and the chart script), which are checked on their own. */
    static String withoutScripts(String html) {
        return SCRIPT.matcher(html).replaceAll("<script></script>");
    }

    static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }
}
