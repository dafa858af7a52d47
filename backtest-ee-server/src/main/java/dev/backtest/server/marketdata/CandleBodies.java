package dev.backtest.server.marketdata;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import dev.backtest.engine.CandleSeries;
import jakarta.ws.rs.core.StreamingOutput;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * Candle bodies written straight from the columnar arrays to the response stream (Jackson's
 * streaming generator, or CSV text), never built as one string in memory.
 *
 * <p>JSON envelope: {@code symbol}, {@code timeframe}, {@code source_resolution}, {@code start_date},
 * {@code end_date} (inclusive), {@code count}, then either the columns {@code t o h l c v} (arrays;
 * {@code t} is the bucket start in unix seconds, UTC) or, with {@code format=rows},
 * {@code candles: [{"t":..,"o":..,"h":..,"l":..,"c":..,"v":..}]}. A batch is
 * {@code {"timeframe", "source_resolution", "start_date", "end_date", "data": {SYMBOL: envelope}}}.
 */
public final class CandleBodies {

    /**
     * The container owns the response stream: generators flush it but never close it. Doubles are
     * written with the fast (Schubfach) writer: formatting numbers is most of the cost of a cached
     * answer.
     */
    private static final JsonFactory JSON = JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();
    /** CSV header; time is ISO-8601 UTC. */
    public static final String CSV_HEADER = "time,open,high,low,close,volume";

    private CandleBodies() {
    }

    public static StreamingOutput json(CandleSeries series, CandleParams params) {
        return out -> {
            try (JsonGenerator g = JSON.createGenerator(buffered(out), JsonEncoding.UTF8)) {
                writeSeries(g, series, params);
            }
        };
    }

    public static StreamingOutput batch(Map<String, CandleSeries> bySymbol, CandleParams params) {
        return out -> {
            try (JsonGenerator g = JSON.createGenerator(buffered(out), JsonEncoding.UTF8)) {
                g.writeStartObject();
                g.writeStringField("timeframe", params.timeframe().code());
                g.writeStringField("source_resolution", params.resolution().code());
                g.writeStringField("start_date", params.start().toString());
                g.writeStringField("end_date", params.end().toString());
                g.writeObjectFieldStart("data");
                for (Map.Entry<String, CandleSeries> e : bySymbol.entrySet()) {
                    g.writeFieldName(e.getKey());
                    writeSeries(g, e.getValue(), params);
                }
                g.writeEndObject();
                g.writeEndObject();
            }
        };
    }

    public static StreamingOutput csv(CandleSeries s) {
        return out -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(buffered(out), StandardCharsets.UTF_8), 16 * 1024);
            w.write(CSV_HEADER);
            w.write('\n');
            long[] t = s.time();
            for (int i = 0; i < t.length; i++) {
                w.write(Instant.ofEpochSecond(t[i]).toString());
                w.write(',');
                number(w, s.open()[i]);
                w.write(',');
                number(w, s.high()[i]);
                w.write(',');
                number(w, s.low()[i]);
                w.write(',');
                number(w, s.close()[i]);
                w.write(',');
                number(w, s.volume()[i]);
                w.write('\n');
            }
            w.flush(); // not closed: the container owns the stream
        };
    }

    /** Large writes to the container: fewer chunks and system calls than its 8 KiB default. */
    private static OutputStream buffered(OutputStream out) {
        return new BufferedOutputStream(out, 64 * 1024);
    }

    private static void writeSeries(JsonGenerator g, CandleSeries s, CandleParams params) throws IOException {
        int n = s.size();
        g.writeStartObject();
        g.writeStringField("symbol", s.symbol());
        g.writeStringField("timeframe", s.timeframe().code());
        g.writeStringField("source_resolution", params.resolution().code());
        g.writeStringField("start_date", params.start().toString());
        g.writeStringField("end_date", params.end().toString());
        g.writeNumberField("count", n);
        if (params.format() == CandleFormat.ROWS) {
            g.writeArrayFieldStart("candles");
            for (int i = 0; i < n; i++) {
                g.writeStartObject();
                g.writeNumberField("t", s.time()[i]);
                g.writeNumberField("o", s.open()[i]);
                g.writeNumberField("h", s.high()[i]);
                g.writeNumberField("l", s.low()[i]);
                g.writeNumberField("c", s.close()[i]);
                g.writeNumberField("v", s.volume()[i]);
                g.writeEndObject();
            }
            g.writeEndArray();
        } else {
            g.writeFieldName("t");
            g.writeArray(s.time(), 0, n);
            g.writeFieldName("o");
            g.writeArray(s.open(), 0, n);
            g.writeFieldName("h");
            g.writeArray(s.high(), 0, n);
            g.writeFieldName("l");
            g.writeArray(s.low(), 0, n);
            g.writeFieldName("c");
            g.writeArray(s.close(), 0, n);
            g.writeFieldName("v");
            g.writeArray(s.volume(), 0, n);
        }
        g.writeEndObject();
    }

    /** Plain decimal notation (no exponent) for the magnitudes prices and volumes have. */
    private static void number(Writer w, double d) throws IOException {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            w.write(Long.toString((long) d));
        } else if (Math.abs(d) >= 1e-3 && Math.abs(d) < 1e7) {
            w.write(Double.toString(d));
        } else {
            w.write(java.math.BigDecimal.valueOf(d).toPlainString());
        }
    }
}
