package dev.backtest.sdk.scenario;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.error.FieldErrors;
import dev.backtest.sdk.marketdata.MarketDataService;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Scenario files: parse ({@link #parse(Path)}), run ({@link #run}) and the JSON Schema they follow
 * ({@link #schema()}, published as {@value #SCHEMA_RESOURCE}). Parsing reports every problem at once as
 * {@link ErrorCode#VALIDATION_FAILED} whose field errors are JSON paths ({@code $.strategy.params.fast},
 * {@code $.data.symbols[1]}, {@code $.options.speed} for an unknown property).
 *
 * <pre>{@code
 * Scenario s = Scenarios.parse(Path.of("sdk-examples/scenarios/sma-cross.json"));
 * ScenarioResult r = Scenarios.run(s, client.marketData());   // null will do for CSV data
 * List<Path> files = r.writeTo(Path.of("out"));
 * }</pre>
 */
public final class Scenarios {

    /** The classpath resource of the scenario JSON Schema (draft 2020-12). */
    public static final String SCHEMA_RESOURCE = "/dev/backtest/sdk/scenario/scenario.schema.json";
    /** {@code data.source} of bars from the candle store. */
    public static final String SOURCE_STORE = "store";
    /** {@code data.source} of bars from CSV files. */
    public static final String SOURCE_CSV = "csv";

    private Scenarios() {
    }

    /**
     * The scenario in a file; its CSV paths are relative to the file's directory.
     *
     * @throws BacktestException VALIDATION_FAILED (field {@code $}) for an unreadable file, else as {@link #parse(String, Path)}
     */
    public static Scenario parse(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw FieldErrors.single("$", "cannot read the scenario file " + file + ": " + e.getMessage());
        }
        Path dir = file.toAbsolutePath().getParent();
        return parse(text, dir);
    }

    /**
     * The scenario in {@code json}; CSV paths are relative to {@code baseDir} (null: refused, as over HTTP).
     *
     * @throws BacktestException VALIDATION_FAILED listing every problem, each field a JSON path
     */
    public static Scenario parse(String json, Path baseDir) {
        return ScenarioParser.parse(json, baseDir);
    }

    /**
     * Runs the scenario: one backtest, one portfolio run, a sweep and then a full run of its best combination, or a
     * walk-forward of the grid (a strategy scenario with {@code walk_forward}).
     *
     * @param marketData the stored data ({@code client.marketData()}); may be null when the data come from CSV files
     * @throws BacktestException VALIDATION_FAILED naming the JSON path for data that cannot be read (an unknown symbol,
     *         a missing file, no bars in the range), and {@code $.walk_forward.train_bars} when the bars are too few for
     *         one walk-forward window
     */
    public static ScenarioResult run(Scenario scenario, MarketDataService marketData) {
        return ScenarioRunner.run(scenario, marketData);
    }

    /** The JSON Schema of scenario files. */
    public static String schema() {
        try (InputStream in = Scenarios.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + SCHEMA_RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + SCHEMA_RESOURCE, e);
        }
    }
}
