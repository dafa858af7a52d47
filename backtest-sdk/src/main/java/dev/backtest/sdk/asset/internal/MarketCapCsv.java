package dev.backtest.sdk.asset.internal;

import dev.backtest.engine.portfolio.MarketCaps;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Market caps from a CSV file with the header {@code time,market_cap} (any letter case; the time column may also be
 * named timestamp, date or datetime, as in bar files). Times are read as the bar files' are: an ISO date, an ISO
 * date-time (no offset: UTC) or unix seconds or milliseconds; values are finite and positive, times strictly
 * increasing. A bad file is rejected with {@code VALIDATION_FAILED} naming the file and its bad rows.
 *
 * <pre>{@code
 * MarketCaps caps = MarketCapCsv.read(Path.of("spy-caps.csv"));
 * }</pre>
 */
public final class MarketCapCsv {

    private static final List<String> TIME_NAMES = List.of("time", "timestamp", "date", "datetime");
    private static final Pattern INTEGER = Pattern.compile("-?\\d+");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    /** Integers above this are milliseconds (as seconds they would be after year 5138), as in bar files. */
    private static final long MILLIS_THRESHOLD = 100_000_000_000L;
    private static final int MAX_LISTED = 10;

    private MarketCapCsv() {
    }

    public static MarketCaps read(Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw BacktestException.of(ErrorCode.VALIDATION_FAILED, "file " + file + " does not exist or is not readable");
        }
        CSVFormat format = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8); CSVParser parser = CSVParser.parse(in, format)) {
            Iterator<CSVRecord> records = parser.iterator();
            if (!records.hasNext()) {
                throw invalid(file, "the file is empty; expected the header time,market_cap");
            }
            List<String> header = records.next().toList();
            int timeCol = column(header, TIME_NAMES);
            int capCol = column(header, List.of("market_cap"));
            if (timeCol < 0 || capCol < 0) {
                throw invalid(file, "expected the header time,market_cap; found " + header);
            }
            return rows(file, records, timeCol, capCol);
        } catch (IOException | UncheckedIOException e) {
            Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
            throw invalid(file, "cannot read the file: " + cause.getMessage());
        }
    }

    private static MarketCaps rows(Path file, Iterator<CSVRecord> records, int timeCol, int capCol) {
        long[] time = new long[64];
        double[] cap = new double[64];
        int size = 0;
        List<String> problems = new ArrayList<>();
        int problemCount = 0;
        long row = 0;
        while (records.hasNext()) {
            CSVRecord r = records.next();
            row++;
            String problem = null;
            Long t = null;
            double c = Double.NaN;
            if (r.size() <= Math.max(timeCol, capCol)) {
                problem = "has " + r.size() + " fields; expected time and market_cap";
            } else {
                t = epochSeconds(r.get(timeCol).strip());
                c = number(r.get(capCol).strip());
                if (t == null) {
                    problem = "time '" + shorten(r.get(timeCol).strip()) + "' is not an ISO date, an ISO date-time or unix seconds or "
                            + "milliseconds";
                } else if (!(c > 0) || Double.isInfinite(c)) {
                    problem = "market_cap '" + shorten(r.get(capCol).strip()) + "' is not a finite number > 0";
                } else if (size > 0 && t <= time[size - 1]) {
                    problem = "time " + Instant.ofEpochSecond(t) + " is not after the row before's ("
                            + Instant.ofEpochSecond(time[size - 1]) + "); rows must be sorted by time, once each";
                }
            }
            if (problem != null) {
                problemCount++;
                if (problems.size() < MAX_LISTED) {
                    problems.add("row " + row + ": " + problem);
                }
                continue;
            }
            if (size == time.length) {
                time = Arrays.copyOf(time, size * 2);
                cap = Arrays.copyOf(cap, size * 2);
            }
            time[size] = t;
            cap[size++] = c;
        }
        if (problemCount > 0) {
            String more = problemCount > problems.size() ? "; and " + (problemCount - problems.size()) + " more" : "";
            throw invalid(file, problemCount + " invalid row" + (problemCount == 1 ? "" : "s")
                    + " (rows counted from 1 after the header): " + String.join("; ", problems) + more);
        }
        if (size == 0) {
            throw invalid(file, "it holds no rows");
        }
        return MarketCaps.of(Arrays.copyOf(time, size), Arrays.copyOf(cap, size));
    }

    private static int column(List<String> header, List<String> names) {
        for (int i = 0; i < header.size(); i++) {
            // a byte order mark would otherwise hide the first column's name
            String name = header.get(i).replace("\uFEFF", "").strip().toLowerCase(Locale.ROOT);
            if (names.contains(name)) {
                return i;
            }
        }
        return -1;
    }

    /** Epoch seconds, or null when the text is none of the accepted forms. */
    private static Long epochSeconds(String s) {
        try {
            if (INTEGER.matcher(s).matches()) {
                long v = Long.parseLong(s);
                if (Math.abs(v) <= MILLIS_THRESHOLD) {
                    return v;
                }
                return v % 1000 == 0 ? v / 1000 : null;
            }
            if (DATE.matcher(s).matches()) {
                return LocalDate.parse(s).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
            }
            String iso = s.length() > 10 && s.charAt(10) == ' ' ? s.substring(0, 10) + 'T' + s.substring(11) : s;
            try {
                return OffsetDateTime.parse(iso).toEpochSecond();
            } catch (DateTimeParseException noOffset) {
                return LocalDateTime.parse(iso).toEpochSecond(ZoneOffset.UTC);
            }
        } catch (DateTimeParseException | NumberFormatException e) {
            return null;
        }
    }

    private static double number(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    private static BacktestException invalid(Path file, String why) {
        return BacktestException.of(ErrorCode.VALIDATION_FAILED, "cannot read " + file.getFileName() + ": " + why)
                .with("file", file.toString());
    }
}
