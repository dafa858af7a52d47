package dev.backtest.sdk.marketdata.internal;

import dev.backtest.engine.Timeframe;
import dev.backtest.sdk.BacktestClient;
import dev.backtest.sdk.marketdata.CandleQuery;
import dev.backtest.sdk.marketdata.ImportReport;
import dev.backtest.sdk.marketdata.SourceResolution;
import dev.backtest.sdk.testing.S3Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/** Candles end to end against an S3-compatible server through the MinIO client. */
class CandleS3IT {

    @TempDir
    Path dir;

    @Test
    void queriesCandlesStoredInS3DownloadingEachObjectOnceAndImportsIntoS3() throws IOException {
        try (S3Server s3 = S3Server.start();
             BacktestClient client = BacktestClient.builder().ignoreEnvironment().embedded(dir.resolve("data"))
                     .minio(s3.endpoint(), S3Server.ACCESS_KEY, S3Server.SECRET_KEY).build()) {
            MinuteBars bars = MinuteBars.random(41, MinuteBars.at("2024-12-29T00:00:00"), MinuteBars.at("2025-01-02T00:00:00"), 0.4, 0);
            bars.storeYearly(client, "S3X", MinuteBars.Stamp.TIMESTAMP, dir);
            CandleQuery q = client.candles().symbol("S3X").between(LocalDate.of(2024, 12, 29), LocalDate.of(2025, 1, 1)).timeframe(Timeframe.H1);

            for (Timeframe tf : Timeframe.values()) {
                MinuteBars.assertEqual(q.timeframe(tf).fetch(), bars.aggregate(tf, 0, Long.MAX_VALUE), "s3 " + tf);
            }

            assertThat(client.marketData().downloads()).isEqualTo(2);
            assertThat(client.marketData().symbols(SourceResolution.YEARLY)).containsExactly("S3X");

            Path csv = dir.resolve("more.csv");
            Files.writeString(csv, "time,open,high,low,close,volume\n2025-01-05T10:00:00Z,10,12,9,11,5\n");
            ImportReport report = client.marketData().importCsv("S3X", csv);
            assertThat(report.rowsWrittenPerYear()).isEqualTo(java.util.Map.of(2025, (long) bars.slice(
                    MinuteBars.at("2025-01-01T00:00:00").getEpochSecond(), Long.MAX_VALUE).size() + 1));
            assertThat(q.between(LocalDate.of(2025, 1, 5), LocalDate.of(2025, 1, 5)).timeframe("1d").fetch().close()).containsExactly(11);
        }
    }
}
