package dev.backtest.sdk.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

/**
 * The command line on embedded defaults with the sample candles, in a temporary data directory of each test: what the
 * CLI tests share. {@link #run} keeps everything written to {@link #out} and {@link #err} across calls.
 */
abstract class EmbeddedCliTest {

    @TempDir
    Path dir;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeEach
    void useTempDataDir() {
        System.setProperty("BACKTEST_DATA_DIR", dir.toString());
        System.setProperty("BACKTEST_SAMPLE_DATA", "true");
    }

    @AfterEach
    void clear() {
        System.clearProperty("BACKTEST_DATA_DIR");
        System.clearProperty("BACKTEST_SAMPLE_DATA");
    }

    int run(String... args) {
        return BacktestCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    void clearOutput() {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
    }
}
