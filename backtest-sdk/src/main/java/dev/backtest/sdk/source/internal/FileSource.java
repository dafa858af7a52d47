package dev.backtest.sdk.source.internal;

import dev.backtest.engine.CandleSeries;
import dev.backtest.error.BacktestException;
import dev.backtest.sdk.csv.CsvCandles;
import dev.backtest.sdk.source.BarResolution;
import dev.backtest.sdk.source.FetchRequest;
import dev.backtest.sdk.source.SourceBar;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Files as a source: the provider symbol is the path of a CSV or Parquet file of 1-minute or daily bars (by its
 * extension, {@code .csv} or {@code .parquet}), read whole when the stream is first read.
 *
 * <ul>
 * <li>CSV is read as {@link CsvCandles#read} reads it (a header row; the time first or in {@code time},
 * {@code timestamp}, {@code date} or {@code datetime}, as ISO date, ISO date-time or unix seconds/milliseconds; open,
 * high, low, close, optional volume).</li>
 * <li>Parquet through DuckDB: the time in {@code time}, {@code timestamp}, {@code date} or {@code datetime} (TIMESTAMP,
 * DATE, or unix seconds or milliseconds), {@code open}, {@code high}, {@code low}, {@code close}, optional
 * {@code volume} and {@code adj_close}.</li>
 * <li>Asked for MINUTE, every bar must be on a whole minute; asked for DAILY, at 00:00 UTC. Duplicate times and files
 * that cannot be read fail with {@code DATA_FETCH_FAILED} naming the file.</li>
 * </ul>
 */
final class FileSource extends ProviderSource {

    static final String NAME = "file";
    private static final List<String> TIME_NAMES = List.of("time", "timestamp", "date", "datetime");
    private static final long MILLIS_THRESHOLD = 100_000_000_000L;

    FileSource() {
        super(NAME);
    }

    @Override
    Stream<SourceBar> fetchChecked(FetchRequest request) {
        return PagedBars.stream(request, PagedBars.single(() -> read(request)));
    }

    private List<SourceBar> read(FetchRequest request) {
        Path file = Path.of(request.providerSymbol());
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw failure(request, "file " + file + " does not exist or is not readable");
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        List<SourceBar> bars;
        if (name.endsWith(".csv")) {
            bars = csv(request, file);
        } else if (name.endsWith(".parquet")) {
            bars = parquet(request, file);
        } else {
            throw failure(request, "file " + file.getFileName() + " is neither .csv nor .parquet");
        }
        bars.sort(Comparator.comparingLong(SourceBar::time));
        long step = request.resolution() == BarResolution.DAILY ? 86_400 : 60;
        for (int i = 0; i < bars.size(); i++) {
            long t = bars.get(i).time();
            if (t % step != 0) {
                throw failure(request, "file " + file.getFileName() + " has a bar at " + java.time.Instant.ofEpochSecond(t) + ", not "
                        + (step == 60 ? "on a whole minute (1-minute bars)" : "at 00:00 UTC (daily bars)"));
            }
            if (i > 0 && bars.get(i - 1).time() == t) {
                throw failure(request, "file " + file.getFileName() + " has two bars at " + java.time.Instant.ofEpochSecond(t));
            }
        }
        return bars;
    }

    private static List<SourceBar> csv(FetchRequest request, Path file) {
        CandleSeries s;
        try {
            s = CsvCandles.read(file);
        } catch (BacktestException e) {
            throw failure(request, e.getMessage());
        }
        List<SourceBar> bars = new ArrayList<>(s.size());
        for (int i = 0; i < s.size(); i++) {
            bars.add(new SourceBar(s.time()[i], s.open()[i], s.high()[i], s.low()[i], s.close()[i], s.volume()[i], Double.NaN));
        }
        return bars;
    }

    private static List<SourceBar> parquet(FetchRequest request, Path file) {
        String literal = "'" + file.toAbsolutePath().toString().replace("'", "''") + "'";
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            List<String> names = new ArrayList<>();
            List<String> types = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("DESCRIBE SELECT * FROM read_parquet(" + literal + ")")) {
                while (rs.next()) {
                    names.add(rs.getString("column_name"));
                    types.add(rs.getString("column_type").toUpperCase(Locale.ROOT));
                }
            }
            List<String> lower = names.stream().map(n -> n.strip().toLowerCase(Locale.ROOT)).toList();
            int time = -1;
            for (int i = 0; i < lower.size() && time < 0; i++) {
                if (TIME_NAMES.contains(lower.get(i))) {
                    time = i;
                }
            }
            List<String> missing = new ArrayList<>();
            if (time < 0) {
                missing.add("time");
            }
            for (String required : List.of("open", "high", "low", "close")) {
                if (!lower.contains(required)) {
                    missing.add(required);
                }
            }
            if (!missing.isEmpty()) {
                throw failure(request, "file " + file.getFileName() + " lacks " + String.join(", ", missing) + " (found " + names + ")");
            }
            String type = types.get(time);
            String col = quote(names.get(time));
            String timeSql;
            if (type.equals("DATE")) {
                timeSql = "epoch_ms(CAST(" + col + " AS TIMESTAMP))";
            } else if (type.startsWith("TIMESTAMP")) {
                timeSql = "epoch_ms(" + col + ")";
            } else if (type.matches("(U?)(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)")) {
                timeSql = "CAST(" + col + " AS BIGINT)";
            } else {
                throw failure(request, "file " + file.getFileName() + ": column " + names.get(time) + " has type " + type
                        + "; accepted: TIMESTAMP, DATE, unix seconds or milliseconds");
            }
            boolean millis = !timeSql.startsWith("CAST");
            String sql = "SELECT " + timeSql + ", " + dbl(names, lower, "open") + ", " + dbl(names, lower, "high") + ", "
                    + dbl(names, lower, "low") + ", " + dbl(names, lower, "close") + ", "
                    + (lower.contains("volume") ? dbl(names, lower, "volume") : "0.0") + ", "
                    + (lower.contains("adj_close") ? dbl(names, lower, "adj_close") : "CAST('NaN' AS DOUBLE)")
                    + " FROM read_parquet(" + literal + ")";
            List<SourceBar> bars = new ArrayList<>();
            try (ResultSet rs = st.executeQuery(sql)) {
                while (rs.next()) {
                    long raw = rs.getLong(1);
                    if (rs.wasNull()) {
                        continue;
                    }
                    long t = millis || Math.abs(raw) > MILLIS_THRESHOLD ? Math.floorDiv(raw, 1000) : raw;
                    double[] v = new double[6];
                    boolean complete = true;
                    for (int i = 0; i < 6; i++) {
                        v[i] = rs.getDouble(i + 2);
                        if (rs.wasNull()) {
                            v[i] = i == 4 ? 0 : Double.NaN;
                            complete &= i >= 4; // a bar without open, high, low or close is skipped
                        }
                    }
                    if (complete) {
                        bars.add(new SourceBar(t, v[0], v[1], v[2], v[3], v[4], v[5]));
                    }
                }
            }
            return bars;
        } catch (SQLException e) {
            String m = String.valueOf(e.getMessage());
            throw failure(request, "cannot read " + file.getFileName() + " as Parquet: " + m.lines().findFirst().orElse(m));
        }
    }

    private static String dbl(List<String> names, List<String> lower, String name) {
        return "TRY_CAST(" + quote(names.get(lower.indexOf(name))) + " AS DOUBLE)";
    }

    private static String quote(String column) {
        return "\"" + column.replace("\"", "\"\"") + "\"";
    }

    private static BacktestException failure(FetchRequest request, String reason) {
        return ProviderCalls.failure(NAME, request, reason, null, null);
    }
}
