package dev.backtest.sdk.marketdata.internal;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.marketdata.Coverage;
import dev.backtest.sdk.marketdata.CoverageRequest;
import dev.backtest.sdk.marketdata.MarketDataListener;
import dev.backtest.sdk.marketdata.SourceResolution;
import dev.backtest.sdk.storage.internal.ObjectFileCache;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Computes {@link Coverage}: per layout holding the symbol, DuckDB reads the bars of the range from the local copies
 * of the overlapping objects and answers, per UTC day, how many distinct minutes (or whether a daily bar) it has, and
 * for 1-minute layouts the first gaps between consecutive minutes of each day (window functions, capped per day in
 * SQL so a sparse file cannot flood memory). Gaps before a day's first bar and after its last are added here. Nothing
 * is cached: coverage is asked for rarely and must show what is stored now.
 *
 * <pre>{@code
 * Coverage c = new CoverageScan(objects, files, aggregator, duckDb, listener).scan(new CoverageRequest("BTC", from, to));
 * }</pre>
 */
final class CoverageScan {

    private static final long DAY = 86_400;
    private static final int MINUTES_A_DAY = 1440;

    private final StoredObjects objects;
    private final ObjectFileCache files;
    private final CandleAggregator aggregator;
    private final DuckDb duckDb;
    private final MarketDataListener listener;

    CoverageScan(StoredObjects objects, ObjectFileCache files, CandleAggregator aggregator, DuckDb duckDb, MarketDataListener listener) {
        this.objects = objects;
        this.files = files;
        this.aggregator = aggregator;
        this.duckDb = duckDb;
        this.listener = listener;
    }

    /**
     * The coverage of the request in every layout that holds any object of the symbol.
     *
     * @throws BacktestException {@link ErrorCode#SYMBOL_NOT_FOUND} when no layout has the symbol;
     *         {@link ErrorCode#DATA_CORRUPT} for an unreadable object; store errors as the candle queries
     */
    Coverage scan(CoverageRequest r) {
        long start = r.start().atStartOfDay().toEpochSecond(ZoneOffset.UTC);
        long end = r.end().plusDays(1).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
        List<Coverage.Layout> layouts = new ArrayList<>();
        for (SourceResolution resolution : SourceResolution.values()) {
            List<StoredObjects.Period> periods = objects.periods(r.symbol(), resolution);
            if (periods.isEmpty()) {
                continue;
            }
            List<CandleAggregator.Source> sources = new ArrayList<>();
            for (StoredObjects.Period p : periods) {
                if (p.from().getEpochSecond() < end && p.to().getEpochSecond() > start) {
                    sources.add(new CandleAggregator.Source(files.file(p.object(),
                            nanos -> listener.objectDownloaded(p.object().key(), p.object().size(), nanos)), p.object().key()));
                }
            }
            layouts.add(resolution.dailyBars() ? daily(resolution, r, sources, start, end) : minutes(resolution, r, sources, start, end));
        }
        if (layouts.isEmpty()) {
            throw BacktestException.of(ErrorCode.SYMBOL_NOT_FOUND, "no data for symbol '" + r.symbol() + "' in any layout")
                    .with("symbol", r.symbol());
        }
        return new Coverage(r.symbol(), r.start(), r.end(), r.days(), layouts);
    }

    /** Daily bars: the days that have one. */
    private Coverage.Layout daily(SourceResolution resolution, CoverageRequest r, List<CandleAggregator.Source> sources, long start,
                                  long end) {
        List<Long> days = new ArrayList<>();
        if (!sources.isEmpty()) {
            query(sources, "SELECT DISTINCT ts // " + DAY + " AS day FROM (" + union(sources, start, end) + ") ORDER BY day", rs -> {
                days.add(rs.getLong(1));
            });
        }
        Instant first = days.isEmpty() ? null : Instant.ofEpochSecond(days.get(0) * DAY);
        Instant last = days.isEmpty() ? null : Instant.ofEpochSecond(days.get(days.size() - 1) * DAY);
        DaySpans spans = DaySpans.of(r, days);
        return new Coverage.Layout(resolution.code(), "1d", days.size(), first, last, spans.covered, spans.missing, spans.truncated,
                null, null, List.of(), false);
    }

    /** 1-minute bars: the days that have any, and the minutes missing on each of them. */
    private Coverage.Layout minutes(SourceResolution resolution, CoverageRequest r, List<CandleAggregator.Source> sources, long start,
                                    long end) {
        record Day(long day, int bars, long first, long last) {
        }
        List<Day> days = new ArrayList<>();
        Map<Long, List<Coverage.MinuteSpan>> inner = new HashMap<>();
        Map<Long, Integer> innerCount = new HashMap<>();
        if (!sources.isEmpty()) {
            String gaps = "WITH m AS (SELECT DISTINCT (ts // 60) * 60 AS t FROM (" + union(sources, start, end) + ")), "
                    + "d AS (SELECT t, t // " + DAY + " AS day, lag(t) OVER (PARTITION BY t // " + DAY + " ORDER BY t) AS prev FROM m) ";
            query(sources, gaps + "SELECT day, count(*), min(t), max(t) FROM d GROUP BY day ORDER BY day",
                    rs -> days.add(new Day(rs.getLong(1), rs.getInt(2), rs.getLong(3), rs.getLong(4))));
            query(sources, gaps + "SELECT day, prev + 60, t, count(*) OVER (PARTITION BY day) FROM d WHERE t - prev > 60"
                    + " QUALIFY row_number() OVER (PARTITION BY day ORDER BY t) <= " + Coverage.MAX_SPANS_PER_DAY + " ORDER BY day, t", rs -> {
                long day = rs.getLong(1);
                inner.computeIfAbsent(day, k -> new ArrayList<>())
                        .add(new Coverage.MinuteSpan(Instant.ofEpochSecond(rs.getLong(2)), Instant.ofEpochSecond(rs.getLong(3))));
                innerCount.put(day, rs.getInt(4));
            });
        }
        long missingMinutes = 0;
        int partialCount = 0;
        List<Coverage.PartialDay> partial = new ArrayList<>();
        List<Long> dayNumbers = new ArrayList<>(days.size());
        for (Day d : days) {
            dayNumbers.add(d.day());
            if (d.bars() >= MINUTES_A_DAY) {
                continue;
            }
            missingMinutes += MINUTES_A_DAY - d.bars();
            partialCount++;
            if (partial.size() >= Coverage.MAX_PARTIAL_DAYS) {
                continue;
            }
            long dayStart = d.day() * DAY;
            List<Coverage.MinuteSpan> spans = new ArrayList<>();
            int count = innerCount.getOrDefault(d.day(), 0);
            if (d.first() > dayStart) {
                spans.add(new Coverage.MinuteSpan(Instant.ofEpochSecond(dayStart), Instant.ofEpochSecond(d.first())));
                count++;
            }
            spans.addAll(inner.getOrDefault(d.day(), List.of()));
            if (d.last() + 60 < dayStart + DAY) {
                spans.add(new Coverage.MinuteSpan(Instant.ofEpochSecond(d.last() + 60), Instant.ofEpochSecond(dayStart + DAY)));
                count++;
            }
            partial.add(new Coverage.PartialDay(LocalDate.ofEpochDay(d.day()), d.bars(), MINUTES_A_DAY - d.bars(), count,
                    spans.subList(0, Math.min(spans.size(), Coverage.MAX_SPANS_PER_DAY))));
        }
        Instant first = days.isEmpty() ? null : Instant.ofEpochSecond(days.get(0).first());
        Instant last = days.isEmpty() ? null : Instant.ofEpochSecond(days.get(days.size() - 1).last());
        DaySpans spans = DaySpans.of(r, dayNumbers);
        return new Coverage.Layout(resolution.code(), "1m", days.size(), first, last, spans.covered, spans.missing, spans.truncated,
                missingMinutes, partialCount, partial, partialCount > partial.size());
    }

    /** Runs of covered and of missing days over the request's days, from the sorted epoch days with data. */
    private record DaySpans(List<Coverage.DaySpan> covered, List<Coverage.DaySpan> missing, boolean truncated) {

        static DaySpans of(CoverageRequest r, List<Long> daysWithData) {
            TreeMap<Long, Long> runs = new TreeMap<>(); // first day → last day of each run with data
            Long runStart = null;
            Long previous = null;
            for (long d : daysWithData) {
                if (previous == null || d != previous + 1) {
                    if (runStart != null) {
                        runs.put(runStart, previous);
                    }
                    runStart = d;
                }
                previous = d;
            }
            if (runStart != null) {
                runs.put(runStart, previous);
            }
            List<Coverage.DaySpan> covered = new ArrayList<>();
            List<Coverage.DaySpan> missing = new ArrayList<>();
            boolean truncated = false;
            long next = r.start().toEpochDay();
            for (Map.Entry<Long, Long> run : runs.entrySet()) {
                if (run.getKey() > next) {
                    truncated |= !add(missing, next, run.getKey() - 1);
                }
                truncated |= !add(covered, run.getKey(), run.getValue());
                next = run.getValue() + 1;
            }
            if (next <= r.end().toEpochDay()) {
                truncated |= !add(missing, next, r.end().toEpochDay());
            }
            return new DaySpans(covered, missing, truncated);
        }

        private static boolean add(List<Coverage.DaySpan> spans, long first, long last) {
            if (spans.size() >= Coverage.MAX_DAY_SPANS) {
                return false;
            }
            spans.add(new Coverage.DaySpan(LocalDate.ofEpochDay(first), LocalDate.ofEpochDay(last), (int) (last - first + 1)));
            return true;
        }
    }

    /** The epoch seconds of every bar of the sources within [start, end), as one relation with the column ts. */
    private String union(List<CandleAggregator.Source> sources, long start, long end) {
        StringBuilder union = new StringBuilder();
        for (CandleAggregator.Source s : sources) {
            TimestampEncoding enc = aggregator.detectEncoding(s);
            if (union.length() > 0) {
                union.append(" UNION ALL ");
            }
            union.append("SELECT ").append(enc.epochSeconds("\"timestamp\"")).append(" AS ts FROM read_parquet(")
                    .append(DuckDb.literal(s.file())).append(") WHERE ").append(enc.filter("\"timestamp\"", start, end));
        }
        return union.toString();
    }

    private interface Row {
        void read(ResultSet rs) throws SQLException;
    }

    private void query(List<CandleAggregator.Source> sources, String sql, Row row) {
        try (Connection c = duckDb.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                row.read(rs);
            }
        } catch (SQLException e) {
            String keys = sources.stream().map(CandleAggregator.Source::key).reduce((a, b) -> a + ", " + b).orElse("");
            String message = e.getMessage() == null ? "unknown error" : e.getMessage().lines().findFirst().orElse("");
            throw new BacktestException(ErrorCode.DATA_CORRUPT, "cannot read Parquet object " + keys + ": " + message, e)
                    .with("key", keys);
        }
    }
}
