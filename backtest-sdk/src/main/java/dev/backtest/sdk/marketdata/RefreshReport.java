package dev.backtest.sdk.marketdata;

import dev.backtest.error.ErrorCode;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What a refresh did, symbol by symbol: the range asked of the source, the bars it delivered, how many of them were
 * new or changed a stored bar, the objects replaced, and the error of a symbol that failed (the others went on; a
 * failed symbol's stored objects are as they were). {@link #taskId()} is the refresh's task in the task view.
 *
 * <pre>{@code
 * RefreshReport r = client.marketData().refresh(RefreshRequest.of(client.config().refreshSymbols(), client.sources()));
 * System.out.println(r.barsWritten() + " bars into " + r.objectsWritten() + " objects");
 * r.failed().forEach(s -> System.out.println(s.symbol() + ": " + s.errorCode() + " " + s.errorMessage()));
 * }</pre>
 *
 * @param taskId    the refresh's task (kind {@code refresh}), or null when the service records no tasks
 * @param symbols   one entry per requested symbol, in request order
 * @param cancelled whether the task was cancelled: the symbols not yet begun are {@link Outcome#SKIPPED}
 */
public record RefreshReport(UUID taskId, List<SymbolRefresh> symbols, boolean cancelled) {

    public RefreshReport {
        symbols = List.copyOf(symbols);
    }

    /** How one symbol's refresh ended. */
    public enum Outcome {
        /** New or changed bars were written. */
        UPDATED,
        /** The source had nothing that is not stored already: nothing was written. */
        UNCHANGED,
        /** The source, the verification or the store failed: the symbol's stored objects are unchanged. */
        FAILED,
        /** Not begun: the task was cancelled first. */
        SKIPPED
    }

    /**
     * One symbol's refresh.
     *
     * @param source         the source's name
     * @param layout         where its bars are stored: {@link SourceResolution#YEARLY} for 1-minute sources,
     *                       {@link SourceResolution#DAILY_BARS} for daily-only ones (null when unknown)
     * @param from           the start of the range asked of the source (inclusive), null when nothing was asked
     * @param to             the end of that range (exclusive), null when nothing was asked
     * @param barsFetched    bars the source delivered
     * @param barsAdded      bars at times nothing was stored at before
     * @param barsChanged    stored bars replaced by a fetched bar with other values (the overlap re-fetches bars that
     *                       are usually identical: those are not counted)
     * @param objectsWritten keys of the objects replaced, in year order
     * @param errorCode      why it failed, or null
     * @param errorMessage   the failure's message, or null
     */
    public record SymbolRefresh(String symbol, String source, SourceResolution layout, Instant from, Instant to, long barsFetched,
                                long barsAdded, long barsChanged, List<String> objectsWritten, Outcome outcome, ErrorCode errorCode,
                                String errorMessage) {

        public SymbolRefresh {
            objectsWritten = List.copyOf(objectsWritten);
        }
    }

    /** Bars added or changed over all symbols. */
    public long barsWritten() {
        return symbols.stream().mapToLong(s -> s.barsAdded() + s.barsChanged()).sum();
    }

    /** Objects replaced over all symbols. */
    public int objectsWritten() {
        return symbols.stream().mapToInt(s -> s.objectsWritten().size()).sum();
    }

    /** The symbols that failed. */
    public List<SymbolRefresh> failed() {
        return symbols.stream().filter(s -> s.outcome() == Outcome.FAILED).toList();
    }

    /** Whether every symbol was refreshed (none failed, none skipped). */
    public boolean succeeded() {
        return !cancelled && failed().isEmpty();
    }
}
