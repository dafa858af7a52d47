package dev.backtest.sdk.marketdata.internal;

import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.Timeframe;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.marketdata.ImportReport;
import dev.backtest.sdk.marketdata.Symbols;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Imports 1-minute bars from a CSV or Parquet file into the yearly layout. Every row is validated
 * first; one bad row rejects the whole file ({@link ErrorCode#VALIDATION_FAILED}, listing row
 * numbers and reasons). Each touched symbol-year is merged with the object already stored: bars only
 * in the stored object are kept, bars only in the import are added, and for a minute present in both
 * the imported bar wins. The merge is the refresh's ({@link YearMerger}): the merged year is written to a
 * temporary file, verified, and only then uploaded (an atomic replace on both stores); a year whose merge equals what
 * is stored is not rewritten. Imports and refreshes of the same symbol-year in one process are serialized; across
 * processes the object's ETag is checked again right before the replace and the merge redone when it changed.
 */
public final class CandleImporter {

    /** The most row errors named in a rejection; the total count is always given. */
    static final int MAX_LISTED_ERRORS = 20;

    private static final List<String> TIME_NAMES = List.of("time", "timestamp", "date", "datetime");
    private static final Pattern INTEGER = Pattern.compile("-?\\d+");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    /** Integers above this are milliseconds (as seconds they would be after year 5138). */
    private static final long MILLIS_THRESHOLD = 100_000_000_000L;
    /** 10000-01-01T00:00:00Z: yearly keys have four-digit years. */
    private static final long LATEST = 253_402_300_800L;

    private final DuckDb duckDb;
    private final YearMerger merger;

    CandleImporter(DuckDb duckDb, YearMerger merger) {
        this.duckDb = duckDb;
        this.merger = merger;
    }

    /**
     * Bars as parallel arrays, in file order while validating and in time order once valid. {@code adjClose} is the
     * adjusted close of daily bars, NaN where there is none (1-minute bars never have one).
     */
    static final class Bars {
        long[] time = new long[1024];
        double[] open = new double[1024];
        double[] high = new double[1024];
        double[] low = new double[1024];
        double[] close = new double[1024];
        double[] volume = new double[1024];
        double[] adjClose = new double[1024];
        int size;

        void add(long t, double o, double h, double l, double c, double v) {
            add(t, o, h, l, c, v, Double.NaN);
        }

        void add(long t, double o, double h, double l, double c, double v, double adj) {
            if (size == time.length) {
                int cap = size * 2;
                time = Arrays.copyOf(time, cap);
                open = Arrays.copyOf(open, cap);
                high = Arrays.copyOf(high, cap);
                low = Arrays.copyOf(low, cap);
                close = Arrays.copyOf(close, cap);
                volume = Arrays.copyOf(volume, cap);
                adjClose = Arrays.copyOf(adjClose, cap);
            }
            time[size] = t;
            open[size] = o;
            high[size] = h;
            low[size] = l;
            close[size] = c;
            volume[size] = v;
            adjClose[size] = adj;
            size++;
        }

        void add(Bars from, int i) {
            add(from.time[i], from.open[i], from.high[i], from.low[i], from.close[i], from.volume[i], from.adjClose[i]);
        }

        /** Whether bar {@code i} equals bar {@code j} of {@code other} in every field (NaN equal to NaN). */
        boolean sameBar(int i, Bars other, int j) {
            return time[i] == other.time[j] && same(open[i], other.open[j]) && same(high[i], other.high[j])
                    && same(low[i], other.low[j]) && same(close[i], other.close[j]) && same(volume[i], other.volume[j])
                    && same(adjClose[i], other.adjClose[j]);
        }

        private static boolean same(double a, double b) {
            return Double.doubleToLongBits(a) == Double.doubleToLongBits(b) || (Double.isNaN(a) && Double.isNaN(b));
        }
    }

    /** Row errors of one file. */
    static final class Problems {
        final List<String> listed = new ArrayList<>();
        int count;

        void add(long row, String reason) {
            count++;
            if (listed.size() < MAX_LISTED_ERRORS) {
                listed.add("row " + row + ": " + reason);
            }
        }
    }

    ImportReport importCsv(String symbol, Path csv) {
        Symbols.require(symbol);
        Problems problems = new Problems();
        Bars bars = parseCsv(csv, problems, true);
        return write(symbol, csv, bars, problems);
    }

    /**
     * The candles of an OHLCV CSV file, checked as an import checks them; {@link ErrorCode#VALIDATION_FAILED} naming the
     * file and each bad row otherwise. Times are not required to be on whole minutes here.
     */
    public static CandleSeries readCsv(Path csv, String symbol) {
        Problems problems = new Problems();
        Bars b = parseCsv(csv, problems, false);
        rejectIfInvalid("cannot read " + csv.getFileName(), csv, b, problems);
        int n = b.size;
        long[] time = Arrays.copyOf(b.time, n);
        return new CandleSeries(symbol, Timeframe.closestTo(time), time, Arrays.copyOf(b.open, n), Arrays.copyOf(b.high, n),
                Arrays.copyOf(b.low, n), Arrays.copyOf(b.close, n), Arrays.copyOf(b.volume, n));
    }

    /**
     * Reads and checks every row of an OHLCV CSV file (RFC 4180, through Commons CSV); problems are collected, not
     * thrown. {@code minutes}: the times must be whole minutes (1-minute bars for the store).
     */
    static Bars parseCsv(Path csv, Problems problems, boolean minutes) {
        requireFile(csv);
        Bars bars = new Bars();
        CSVFormat format = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8); CSVParser parser = CSVParser.parse(in, format)) {
            Iterator<CSVRecord> records = parser.iterator();
            if (!records.hasNext()) {
                throw invalid(csv, "the file is empty; expected a header row with time, open, high, low, close[, volume]");
            }
            List<String> names = new ArrayList<>(records.next().toList());
            if (!names.isEmpty() && names.get(0).startsWith("\uFEFF")) {
                names.set(0, names.get(0).substring(1));
            }
            Columns cols = Columns.find(names, csv);
            long row = 0;
            while (records.hasNext()) {
                CSVRecord f = records.next();
                if (f.stream().allMatch(String::isBlank)) {
                    continue;
                }
                row++;
                if (f.size() < names.size()) {
                    problems.add(row, "has " + f.size() + " fields, the header has " + names.size());
                    continue;
                }
                int before = problems.count;
                Optional<Long> t = parseTime(f.get(cols.time()), row, problems);
                double o = number(f.get(cols.open()), "open", row, problems);
                double h = number(f.get(cols.high()), "high", row, problems);
                double l = number(f.get(cols.low()), "low", row, problems);
                double c = number(f.get(cols.close()), "close", row, problems);
                double v = cols.volume() < 0 ? 0 : number(f.get(cols.volume()), "volume", row, problems);
                if (problems.count == before) { // a field that did not parse is reported once, not checked again
                    bars.add(t.get(), o, h, l, c, v);
                    checkRow(bars, row, problems, minutes);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
            if (cause instanceof CharacterCodingException) {
                throw invalid(csv, "it is not UTF-8 text (" + cause.getMessage() + "); save it as UTF-8 CSV");
            }
            throw invalid(csv, "cannot read the file: " + cause.getMessage());
        }
        return bars;
    }

    ImportReport importParquet(String symbol, Path parquet) {
        Symbols.require(symbol);
        requireFile(parquet);
        Problems problems = new Problems();
        Bars bars = new Bars();
        String file = DuckDb.literal(parquet);
        try (Connection c = duckDb.connect(); Statement st = c.createStatement()) {
            List<String> names = new ArrayList<>();
            List<String> types = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("DESCRIBE SELECT * FROM read_parquet(" + file + ")")) {
                while (rs.next()) {
                    names.add(rs.getString("column_name"));
                    types.add(rs.getString("column_type").toUpperCase(Locale.ROOT));
                }
            }
            Columns cols = Columns.find(names, parquet);
            String timeType = types.get(cols.time());
            String timeCol = quote(names.get(cols.time()));
            boolean textTime = timeType.equals("VARCHAR");
            String timeSql;
            if (timeType.equals("DATE")) {
                timeSql = "epoch_ms(CAST(" + timeCol + " AS TIMESTAMP))";
            } else if (timeType.startsWith("TIMESTAMP")) {
                timeSql = "epoch_ms(" + timeCol + ")";
            } else if (TimestampEncoding.isInteger(timeType) || textTime) {
                timeSql = textTime ? timeCol : "CAST(" + timeCol + " AS BIGINT)";
            } else {
                throw invalid(parquet, "column " + names.get(cols.time()) + " has type " + timeType
                        + "; accepted: TIMESTAMP, DATE, unix seconds or milliseconds, or ISO text");
            }
            boolean alwaysMillis = !textTime && !TimestampEncoding.isInteger(timeType);
            String sql = "SELECT " + timeSql + ", " + dbl(names, cols.open()) + ", " + dbl(names, cols.high()) + ", "
                    + dbl(names, cols.low()) + ", " + dbl(names, cols.close()) + ", "
                    + (cols.volume() < 0 ? "0.0" : dbl(names, cols.volume())) + " FROM read_parquet(" + file + ")";
            try (ResultSet rs = st.executeQuery(sql)) {
                long row = 0;
                while (rs.next()) {
                    row++;
                    Optional<Long> t;
                    if (textTime) {
                        String s = rs.getString(1);
                        t = parseTime(s == null ? "" : s, row, problems);
                    } else {
                        long raw = rs.getLong(1);
                        if (rs.wasNull()) {
                            problems.add(row, "time is missing");
                            t = Optional.empty();
                        } else {
                            t = epochSeconds(raw, alwaysMillis || Math.abs(raw) > MILLIS_THRESHOLD, row, problems);
                        }
                    }
                    double[] v = new double[5];
                    for (int i = 0; i < 5; i++) {
                        v[i] = rs.getDouble(i + 2);
                        if (rs.wasNull()) {
                            v[i] = Double.NaN;
                        }
                    }
                    if (t.isPresent()) {
                        bars.add(t.get(), v[0], v[1], v[2], v[3], v[4]);
                        checkRow(bars, row, problems, true);
                    }
                }
            }
        } catch (SQLException e) {
            throw invalid(parquet, "cannot read it as Parquet: " + firstLine(e.getMessage()));
        }
        return write(symbol, parquet, bars, problems);
    }

    /** Validates the row just added (the last one) against itself and the row before it. */
    static void checkRow(Bars b, long row, Problems problems, boolean minutes) {
        int i = b.size - 1;
        double o = b.open[i];
        double h = b.high[i];
        double l = b.low[i];
        double c = b.close[i];
        double v = b.volume[i];
        int before = problems.count;
        price("open", o, row, problems);
        price("high", h, row, problems);
        price("low", l, row, problems);
        price("close", c, row, problems);
        if (problems.count == before) {
            if (h < Math.max(o, c)) {
                problems.add(row, "high " + h + " is below max(open, close) " + Math.max(o, c));
            }
            if (l > Math.min(o, c)) {
                problems.add(row, "low " + l + " is above min(open, close) " + Math.min(o, c));
            }
        }
        if (Double.isNaN(v) || v < 0 || Double.isInfinite(v)) {
            problems.add(row, "volume " + v + " is not a number of 0 or more");
        }
        long t = b.time[i];
        if (t < 0 || t >= LATEST) {
            problems.add(row, "time " + t + " s is outside the years 1970 to 9999");
            b.size--; // not a sensible neighbour for the next row's order check
            return;
        }
        if (minutes && t % 60 != 0) {
            problems.add(row, "time " + java.time.Instant.ofEpochSecond(t) + " is not on a whole minute (1-minute bars)");
        }
        if (i > 0) {
            long prev = b.time[i - 1];
            if (t == prev) {
                problems.add(row, "duplicate time " + java.time.Instant.ofEpochSecond(t) + " (same as the row before)");
            } else if (t < prev) {
                problems.add(row, "time " + java.time.Instant.ofEpochSecond(t) + " is before the row before ("
                        + java.time.Instant.ofEpochSecond(prev) + "); rows must be sorted by time");
            }
        }
    }

    private static void price(String name, double value, long row, Problems problems) {
        if (Double.isNaN(value)) {
            problems.add(row, name + " is missing or NaN");
        } else if (value <= 0 || Double.isInfinite(value)) {
            problems.add(row, name + " " + value + " is not a positive price");
        }
    }

    private ImportReport write(String symbol, Path source, Bars bars, Problems problems) {
        rejectIfInvalid("cannot import " + source.getFileName() + " for " + symbol, source, bars, problems);
        Map<Integer, Long> written = new TreeMap<>();
        List<String> keys = new ArrayList<>();
        long replaced = 0;
        int i = 0;
        while (i < bars.size) {
            int year = YearMerger.yearOf(bars.time[i]);
            int j = YearMerger.yearEnd(bars, i);
            String key = ParquetLayout.yearlyKey(symbol, year);
            YearMerger.Outcome o = merger.merge(key, bars, i, j, false, null);
            written.put(year, o.rows());
            replaced += o.overlapping();
            keys.add(key);
            i = j;
        }
        return new ImportReport(symbol, bars.size, written, keys, replaced);
    }

    /** Throws VALIDATION_FAILED listing the rows (and the file) when there were problems or no rows. */
    static void rejectIfInvalid(String what, Path source, Bars bars, Problems problems) {
        if (problems.count > 0) {
            String more = problems.count > problems.listed.size() ? "; and " + (problems.count - problems.listed.size()) + " more" : "";
            throw BacktestException.of(ErrorCode.VALIDATION_FAILED, what + ": "
                            + problems.count + " invalid row" + (problems.count == 1 ? "" : "s") + " (rows counted from 1 after any header): "
                            + String.join("; ", problems.listed) + more)
                    .with("file", source.toString()).with("error_count", problems.count).with("errors", List.copyOf(problems.listed));
        }
        if (bars.size == 0) {
            throw invalid(source, "it holds no rows");
        }
    }

    /** Which column holds what; -1 for an absent volume. */
    private record Columns(int time, int open, int high, int low, int close, int volume) {

        static Columns find(List<String> names, Path file) {
            int time = -1;
            Map<String, Integer> byName = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                String n = names.get(i).strip().toLowerCase(Locale.ROOT);
                byName.putIfAbsent(n, i);
                if (time < 0 && TIME_NAMES.contains(n)) {
                    time = i;
                }
            }
            List<String> missing = new ArrayList<>();
            for (String required : List.of("open", "high", "low", "close")) {
                if (!byName.containsKey(required)) {
                    missing.add(required);
                }
            }
            if (time < 0 && !names.isEmpty()) {
                String first = names.get(0).strip().toLowerCase(Locale.ROOT);
                if (!List.of("open", "high", "low", "close", "volume").contains(first)) {
                    time = 0; // pandas writes the index first, often with an empty name
                }
            }
            if (time < 0) {
                missing.add(0, "time");
            }
            if (!missing.isEmpty()) {
                throw invalid(file, "it lacks the column" + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing)
                        + " (found " + names + "); expected time (first column, or named time, timestamp, date or datetime), "
                        + "open, high, low, close and optionally volume, in any letter case");
            }
            return new Columns(time, byName.get("open"), byName.get("high"), byName.get("low"), byName.get("close"),
                    byName.getOrDefault("volume", -1));
        }
    }

    /** Epoch seconds of an ISO date, an ISO date-time (no offset: UTC) or unix seconds or milliseconds. */
    static Optional<Long> parseTime(String raw, long row, Problems problems) {
        String s = raw.strip();
        try {
            if (INTEGER.matcher(s).matches()) {
                long v = Long.parseLong(s);
                return epochSeconds(v, Math.abs(v) > MILLIS_THRESHOLD, row, problems);
            }
            if (DATE.matcher(s).matches()) {
                return Optional.of(LocalDate.parse(s).atStartOfDay().toEpochSecond(ZoneOffset.UTC));
            }
            String iso = s.length() > 10 && s.charAt(10) == ' ' ? s.substring(0, 10) + 'T' + s.substring(11) : s;
            try {
                return Optional.of(OffsetDateTime.parse(iso).toEpochSecond());
            } catch (DateTimeParseException noOffset) {
                return Optional.of(LocalDateTime.parse(iso).toEpochSecond(ZoneOffset.UTC));
            }
        } catch (DateTimeParseException | NumberFormatException e) {
            problems.add(row, "time '" + shorten(s) + "' is not an ISO date, an ISO date-time or unix seconds or milliseconds");
            return Optional.empty();
        }
    }

    private static Optional<Long> epochSeconds(long value, boolean millis, long row, Problems problems) {
        if (!millis) {
            return Optional.of(value);
        }
        if (value % 1000 != 0) {
            problems.add(row, "time " + value + " ms is not on a whole minute (1-minute bars)");
            return Optional.empty();
        }
        return Optional.of(value / 1000);
    }

    private static double number(String raw, String name, long row, Problems problems) {
        String s = raw.strip();
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            problems.add(row, name + " '" + shorten(s) + "' is not a number");
            return Double.NaN;
        }
    }

    private static String dbl(List<String> names, int i) {
        return "TRY_CAST(" + quote(names.get(i)) + " AS DOUBLE)";
    }

    private static String quote(String column) {
        return "\"" + column.replace("\"", "\"\"") + "\"";
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    private static void requireFile(Path file) {
        if (file == null || !Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw BacktestException.of(ErrorCode.VALIDATION_FAILED, "file " + file + " does not exist or is not readable")
                    .with("file", String.valueOf(file));
        }
    }

    private static BacktestException invalid(Path file, String why) {
        return BacktestException.of(ErrorCode.VALIDATION_FAILED, "cannot read " + file.getFileName() + ": " + why)
                .with("file", file.toString());
    }
}
