package dev.backtest.sdk.marketdata.internal;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.config.WatchedSymbol;
import dev.backtest.sdk.marketdata.RefreshReport;
import dev.backtest.sdk.marketdata.RefreshReport.Outcome;
import dev.backtest.sdk.marketdata.RefreshReport.SymbolRefresh;
import dev.backtest.sdk.marketdata.RefreshRequest;
import dev.backtest.sdk.marketdata.SourceResolution;
import dev.backtest.sdk.marketdata.internal.CandleImporter.Bars;
import dev.backtest.sdk.marketdata.internal.CandleImporter.Problems;
import dev.backtest.sdk.source.BarResolution;
import dev.backtest.sdk.source.BarSource;
import dev.backtest.sdk.source.FetchRequest;
import dev.backtest.sdk.source.SourceBar;
import dev.backtest.sdk.storage.ObjectInfo;
import dev.backtest.sdk.storage.ObjectStore;
import dev.backtest.sdk.task.TaskKind;
import dev.backtest.sdk.task.TaskStatus;
import dev.backtest.sdk.task.internal.DataTaskLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The incremental refresh of {@link dev.backtest.sdk.marketdata.MarketDataService#refresh(RefreshRequest)}: per
 * symbol, from the last stored bar minus an overlap to now, the source's bars are read completely (a failure
 * mid-stream leaves everything as it was), checked as an import checks its rows, and merged year by year through
 * {@link YearMerger} (verified before any object is replaced; a year that would not change is not written). Years are
 * written in ascending order and a symbol stops at its first failure, so the last stored bar never moves past a year
 * that failed. One task of kind {@code refresh} records it all.
 */
final class Refresher {

    private static final Logger LOG = LoggerFactory.getLogger(Refresher.class);

    /** Fetched again before the last stored bar: a bar still forming when it was stored is replaced by its final form. */
    static final Duration MINUTE_OVERLAP = Duration.ofMinutes(60);
    static final Duration DAILY_OVERLAP = Duration.ofDays(1);

    private final ObjectStore store;
    private final YearMerger merger;
    private final Clock clock;
    /** Null: tasks are not recorded (a service built without a database). */
    private final DataTaskLog tasks;

    Refresher(ObjectStore store, YearMerger merger, Clock clock, DataTaskLog tasks) {
        this.store = store;
        this.merger = merger;
        this.clock = clock;
        this.tasks = tasks;
    }

    RefreshReport refresh(RefreshRequest request) {
        return run(open(request), request);
    }

    /** Records the request's task (running from now) before any work; null when tasks are not recorded. */
    UUID open(RefreshRequest request) {
        return tasks == null ? null : tasks.start(TaskKind.REFRESH, request.userId(),
                request.symbols().stream().map(WatchedSymbol::symbol).toList());
    }

    /** The refresh of a request whose task {@link #open} recorded (null: none). */
    RefreshReport run(UUID task, RefreshRequest request) {
        List<WatchedSymbol> symbols = request.symbols();
        List<SymbolRefresh> results = new ArrayList<>();
        boolean cancelled = false;
        boolean interrupted = false;
        long bars = 0;
        int objects = 0;
        try {
            for (int i = 0; i < symbols.size(); i++) {
                WatchedSymbol w = symbols.get(i);
                // an interrupt is the client closing: stop like a cancel, and record it with the flag cleared (or the
                // database calls that record it would fail), restored at the end
                interrupted |= Thread.interrupted();
                cancelled = cancelled || interrupted || (task != null && tasks.cancelRequested(task));
                if (cancelled) {
                    results.add(new SymbolRefresh(w.symbol(), w.source(), null, null, null, 0, 0, 0, List.of(), Outcome.SKIPPED, null, null));
                    continue;
                }
                SymbolRefresh r = refreshSymbol(w, request);
                interrupted |= Thread.interrupted();
                results.add(r);
                bars += r.barsAdded() + r.barsChanged();
                objects += r.objectsWritten().size();
                if (task != null) {
                    tasks.progress(task, (i + 1) * 100 / symbols.size(), bars, objects);
                }
            }
        } catch (RuntimeException e) {
            // only the task log itself gets here (symbols report their own failures): record what can be recorded
            if (task != null) {
                finishQuietly(task, TaskStatus.FAILED, e);
            }
            throw e;
        }
        RefreshReport report = new RefreshReport(task, results, cancelled);
        if (task != null) {
            List<SymbolRefresh> failed = report.failed();
            if (cancelled) {
                tasks.finish(task, TaskStatus.CANCELLED, null, null);
            } else if (failed.isEmpty()) {
                tasks.finish(task, TaskStatus.COMPLETED, null, null);
            } else {
                StringBuilder message = new StringBuilder(failed.size() + " of " + symbols.size() + " symbols failed: ");
                for (SymbolRefresh f : failed) {
                    message.append(f.symbol()).append(": ").append(f.errorMessage()).append("; ");
                }
                tasks.finish(task, TaskStatus.FAILED, failed.get(0).errorCode().name(), message.substring(0, message.length() - 2));
            }
        }
        LOG.debug("Refresh {}: {} bars into {} objects, {} failed{}", task, report.barsWritten(), report.objectsWritten(),
                report.failed().size(), cancelled ? ", cancelled" : "");
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return report;
    }

    private void finishQuietly(UUID task, TaskStatus status, RuntimeException cause) {
        try {
            String code = cause instanceof BacktestException b ? b.code().name() : ErrorCode.INTERNAL.name();
            tasks.finish(task, status, code, cause.getMessage());
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    /** One symbol; never throws: a failure is its result. */
    private SymbolRefresh refreshSymbol(WatchedSymbol w, RefreshRequest request) {
        Progress p = new Progress(w);
        try {
            BarSource source = request.sources().get(w.source());
            if (source == null) {
                throw BacktestException.of(ErrorCode.INVALID_CONFIG, "symbol " + w.symbol() + " is refreshed from source '" + w.source()
                        + "', which is not enabled; enabled: " + request.sources().keySet()).with("source", w.source());
            }
            BarResolution resolution = resolutionOf(source, w.resolution());
            p.layout = resolution == BarResolution.MINUTE ? SourceResolution.YEARLY : SourceResolution.DAILY_BARS;
            Instant now = clock.instant();
            List<YearMerger.Stored> lastYear = new ArrayList<>(1);
            Optional<Long> last = lastStoredBar(w.symbol(), p.layout, lastYear);
            Instant from = last.map(t -> Instant.ofEpochSecond(t).minus(overlap(resolution)))
                    .orElseGet(() -> now.atOffset(ZoneOffset.UTC).minus(resolution == BarResolution.MINUTE
                            ? request.minuteHistory() : request.dailyHistory()).toInstant());
            from = from.truncatedTo(resolution == BarResolution.MINUTE ? ChronoUnit.MINUTES : ChronoUnit.DAYS);
            if (!from.isBefore(now)) {
                return p.result(Outcome.UNCHANGED);
            }
            p.from = from;
            p.to = now;
            String providerSymbol = w.providerSymbol() == null || w.providerSymbol().isBlank() ? w.symbol() : w.providerSymbol();
            Bars fetched = fetch(source, new FetchRequest(w.symbol(), providerSymbol, resolution, from, now));
            p.fetched = fetched.size;
            int i = 0;
            while (i < fetched.size) {
                int year = YearMerger.yearOf(fetched.time[i]);
                int j = YearMerger.yearEnd(fetched, i);
                String key = ParquetLayout.yearKey(p.layout, w.symbol(), year);
                YearMerger.Stored known = lastYear.isEmpty() || !lastYear.get(0).info().key().equals(key) ? null : lastYear.get(0);
                YearMerger.Outcome o = merger.merge(key, fetched, i, j, p.layout.dailyBars(), known);
                p.added += o.added();
                p.changed += o.changed();
                if (o.written()) {
                    p.objects.add(key);
                }
                i = j;
            }
            return p.result(p.objects.isEmpty() ? Outcome.UNCHANGED : Outcome.UPDATED);
        } catch (BacktestException e) {
            LOG.debug("Refresh of {} from {} failed: {}", w.symbol(), w.source(), e.getMessage());
            return p.failed(e.code(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("Refresh of {} from {} failed unexpectedly", w.symbol(), w.source(), e);
            return p.failed(ErrorCode.INTERNAL, "refresh of " + w.symbol() + " failed: " + e);
        }
    }

    /** What one symbol's refresh has done so far. */
    private static final class Progress {
        final WatchedSymbol symbol;
        SourceResolution layout;
        Instant from;
        Instant to;
        long fetched;
        long added;
        long changed;
        final List<String> objects = new ArrayList<>();

        Progress(WatchedSymbol symbol) {
            this.symbol = symbol;
        }

        SymbolRefresh result(Outcome outcome) {
            return new SymbolRefresh(symbol.symbol(), symbol.source(), layout, from, to, fetched, added, changed, objects, outcome, null, null);
        }

        SymbolRefresh failed(ErrorCode code, String message) {
            return new SymbolRefresh(symbol.symbol(), symbol.source(), layout, from, to, fetched, added, changed, objects, Outcome.FAILED,
                    code, message);
        }
    }

    /** The resolution asked for, else 1-minute bars when the source has them, else daily bars. */
    private static BarResolution resolutionOf(BarSource source, BarResolution asked) {
        if (asked != null && !source.resolutions().contains(asked)) {
            throw BacktestException.of(ErrorCode.INVALID_CONFIG, "source " + source.name() + " does not deliver " + label(asked)
                    + " bars; it delivers " + source.resolutions().stream().map(Refresher::label).sorted().toList())
                    .with("source", source.name());
        }
        if (asked != null) {
            return asked;
        }
        if (source.resolutions().contains(BarResolution.MINUTE)) {
            return BarResolution.MINUTE;
        }
        if (source.resolutions().contains(BarResolution.DAILY)) {
            return BarResolution.DAILY;
        }
        throw BacktestException.of(ErrorCode.INVALID_CONFIG, "source " + source.name() + " delivers neither 1-minute nor daily bars")
                .with("source", source.name());
    }

    private static String label(BarResolution r) {
        return r == BarResolution.MINUTE ? "1m" : "1d";
    }

    private static Duration overlap(BarResolution resolution) {
        return resolution == BarResolution.MINUTE ? MINUTE_OVERLAP : DAILY_OVERLAP;
    }

    /**
     * The time of the last bar stored for the symbol in the layout (straight from the store, not the listing cache),
     * reading the objects from the latest year back until one has a bar; the object read is handed back in
     * {@code read} so its year is not downloaded again for the merge.
     */
    private Optional<Long> lastStoredBar(String symbol, SourceResolution layout, List<YearMerger.Stored> read) {
        List<StoredObjects.Period> periods = new ArrayList<>();
        for (ObjectInfo o : StoredObjects.listAll(store, ParquetLayout.symbolPrefix(layout, symbol))) {
            StoredObjects.parse(o, layout).ifPresent(periods::add);
        }
        periods.sort(Comparator.comparing(StoredObjects.Period::from).reversed());
        for (StoredObjects.Period period : periods) {
            YearMerger.Stored stored = merger.read(period.object().key());
            if (stored.exists() && read.isEmpty()) {
                read.add(stored);
            }
            Optional<Long> last = stored.lastTime();
            if (last.isPresent()) {
                return last;
            }
        }
        return Optional.empty();
    }

    /**
     * Every bar of the request, read to the end before anything is written, and checked as an import checks its rows
     * (positive prices, high and low around open and close, volume 0 or more, whole minutes or whole UTC days,
     * ascending without duplicates). Bars outside the requested range are left out.
     */
    private static Bars fetch(BarSource source, FetchRequest request) {
        boolean daily = request.resolution() == BarResolution.DAILY;
        long from = request.from().getEpochSecond();
        long to = request.to().getEpochSecond();
        Bars bars = new Bars();
        Problems problems = new Problems();
        long row = 0;
        long outside = 0;
        try (Stream<SourceBar> stream = source.fetch(request)) {
            Iterator<SourceBar> it = stream.iterator();
            while (it.hasNext()) {
                SourceBar b = it.next();
                row++;
                if (b.time() < from || b.time() >= to) {
                    outside++;
                    continue;
                }
                // 1-minute files keep no adjusted close; NaN compares as "no value" everywhere
                bars.add(b.time(), b.open(), b.high(), b.low(), b.close(), b.volume(), daily ? b.adjustedClose() : Double.NaN);
                CandleImporter.checkRow(bars, row, problems, true);
                if (daily && b.time() % 86_400L != 0) {
                    problems.add(row, "time " + Instant.ofEpochSecond(b.time()) + " is not 00:00 UTC (daily bars start their day)");
                }
                if (daily && !Double.isNaN(b.adjustedClose()) && (!(b.adjustedClose() > 0) || Double.isInfinite(b.adjustedClose()))) {
                    problems.add(row, "adjusted close " + b.adjustedClose() + " is not a positive price");
                }
            }
        } catch (BacktestException e) {
            throw e;
        } catch (RuntimeException e) {
            throw BacktestException.of(ErrorCode.DATA_FETCH_FAILED, "source " + source.name() + " failed for " + request.symbol()
                            + " (" + request.providerSymbol() + "): " + e.getMessage() + "; nothing was written")
                    .with("provider", source.name()).with("symbol", request.symbol()).with("reason", String.valueOf(e.getMessage()));
        }
        if (outside > 0) {
            LOG.debug("Source {} returned {} bar(s) of {} outside {} to {}; left out", source.name(), outside, request.symbol(),
                    request.from(), request.to());
        }
        if (problems.count > 0) {
            String more = problems.count > problems.listed.size() ? "; and " + (problems.count - problems.listed.size()) + " more" : "";
            throw BacktestException.of(ErrorCode.DATA_FETCH_FAILED, "source " + source.name() + " returned " + problems.count
                            + " invalid bar(s) for " + request.symbol() + " (bars counted from 1): " + String.join("; ", problems.listed)
                            + more + "; nothing was written")
                    .with("provider", source.name()).with("symbol", request.symbol()).with("reason", "invalid bars");
        }
        return bars;
    }
}
