package dev.backtest.sdk.source.internal;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.source.BarResolution;
import dev.backtest.sdk.source.SourceBar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static dev.backtest.sdk.source.internal.SourceFixtures.epoch;
import static dev.backtest.sdk.source.internal.SourceFixtures.fetchAll;
import static dev.backtest.sdk.source.internal.SourceFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileSourceTest {

    private final FileSource source = new FileSource();

    @TempDir
    Path dir;

    @Test
    void readsDailyBarsFromCsvCutToTheRange() throws IOException {
        Path csv = Files.writeString(dir.resolve("SPY.csv"), """
                date,open,high,low,close,volume
                2024-01-02,472.16,473.67,470.49,472.65,123623700
                2024-01-03,470.43,471.19,468.17,468.79,103585900
                2024-01-04,468.30,470.96,467.05,467.28,84232200
                """);

        List<SourceBar> bars = fetchAll(source, request("SPY", csv.toString(), BarResolution.DAILY, "2024-01-03T00:00:00Z", "2024-01-05T00:00:00Z"));

        assertThat(bars).containsExactly(
                new SourceBar(epoch("2024-01-03T00:00:00Z"), 470.43, 471.19, 468.17, 468.79, 103585900, Double.NaN),
                new SourceBar(epoch("2024-01-04T00:00:00Z"), 468.30, 470.96, 467.05, 467.28, 84232200, Double.NaN));
    }

    @Test
    void readsMinuteBarsFromParquetWithTheAdjustedCloseWhenPresent() throws SQLException {
        Path parquet = dir.resolve("btc.parquet");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("COPY (SELECT TIMESTAMP '2024-01-02 00:01:00' AS timestamp, 2.0 AS open, 3.0 AS high, 1.0 AS low, 2.5 AS close, "
                    + "7.0 AS volume, 2.4 AS adj_close UNION ALL SELECT TIMESTAMP '2024-01-02 00:00:00', 1.0, 2.0, 0.5, 1.5, 5.0, NULL) TO '"
                    + parquet + "' (FORMAT parquet)");
        }

        List<SourceBar> bars = fetchAll(source, request("BTC", parquet.toString(), BarResolution.MINUTE, "2024-01-01T00:00:00Z",
                "2024-01-03T00:00:00Z"));

        assertThat(bars).containsExactly(
                new SourceBar(epoch("2024-01-02T00:00:00Z"), 1.0, 2.0, 0.5, 1.5, 5.0, Double.NaN),
                new SourceBar(epoch("2024-01-02T00:01:00Z"), 2.0, 3.0, 1.0, 2.5, 7.0, 2.4));
    }

    @Test
    void refusesMinuteBarsAskedForAsDaily() throws IOException {
        Path csv = Files.writeString(dir.resolve("BTC.csv"), """
                time,open,high,low,close
                2024-01-02T00:01:00Z,1,2,0.5,1.5
                """);

        assertThatThrownBy(() -> fetchAll(source, request("BTC", csv.toString(), BarResolution.DAILY, "2024-01-01T00:00:00Z",
                "2024-01-05T00:00:00Z"))).isInstanceOfSatisfying(BacktestException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DATA_FETCH_FAILED);
                    assertThat(e.getMessage()).contains("file", "BTC.csv", "not at 00:00 UTC");
                });
    }

    @Test
    void aMissingOrUnreadableFileIsDataFetchFailedNamingIt() throws IOException {
        Path missing = dir.resolve("nope.csv");
        Path text = Files.writeString(dir.resolve("notes.txt"), "hello");
        Path bad = Files.writeString(dir.resolve("bad.csv"), "time,open\n2024-01-02,x\n");

        assertThatThrownBy(() -> fetchAll(source, request("X", missing.toString(), BarResolution.DAILY, "2024-01-01T00:00:00Z",
                "2024-01-05T00:00:00Z"))).hasMessageContaining("nope.csv does not exist")
                .isInstanceOfSatisfying(BacktestException.class, e -> assertThat(e.details()).containsEntry("provider", "file"));
        assertThatThrownBy(() -> fetchAll(source, request("X", text.toString(), BarResolution.DAILY, "2024-01-01T00:00:00Z",
                "2024-01-05T00:00:00Z"))).hasMessageContaining("neither .csv nor .parquet");
        assertThatThrownBy(() -> fetchAll(source, request("X", bad.toString(), BarResolution.DAILY, "2024-01-01T00:00:00Z",
                "2024-01-05T00:00:00Z"))).isInstanceOfSatisfying(BacktestException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.DATA_FETCH_FAILED));
    }
}
