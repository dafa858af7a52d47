package dev.backtest.sdk.report;

/**
 * A saved report exported: the file's suggested name, its media type and its text.
 *
 * <pre>{@code
 * ReportExport page = client.reports().export(me, reportId, ReportFormat.HTML);
 * Files.writeString(Path.of(page.fileName()), page.body());   // report-<id>.html
 * }</pre>
 */
public record ReportExport(String fileName, String mediaType, String body) {
}
