package dev.backtest.sdk.marketdata;

import java.util.List;
import java.util.Map;

/**
 * What an import did: rows read from the file, the yearly objects written and how many bars each
 * now holds (existing bars kept plus imported ones), and how many existing bars were replaced by
 * an imported bar of the same minute.
 *
 * <pre>{@code
 * ImportReport r = client.marketData().importCsv("BTC", Path.of("btc-2024.csv"));
 * System.out.println(r.rowsRead() + " rows into " + r.objectsWritten());
 * }</pre>
 *
 * @param rowsWrittenPerYear bars in each written yearly object after the merge, in year order
 * @param objectsWritten     keys of the objects written, in year order
 * @param barsReplaced       existing bars overwritten by an imported bar of the same minute
 */
public record ImportReport(String symbol, long rowsRead, Map<Integer, Long> rowsWrittenPerYear, List<String> objectsWritten,
                           long barsReplaced) {

    public ImportReport {
        rowsWrittenPerYear = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(rowsWrittenPerYear));
        objectsWritten = List.copyOf(objectsWritten);
    }
}
