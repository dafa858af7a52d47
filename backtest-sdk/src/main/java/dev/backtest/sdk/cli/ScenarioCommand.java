package dev.backtest.sdk.cli;

import dev.backtest.sdk.BacktestClient;
import dev.backtest.sdk.scenario.Scenario;
import dev.backtest.sdk.scenario.ScenarioResult;
import dev.backtest.sdk.scenario.Scenarios;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code scenario}: scenario files (JSON, schema {@code scenario.schema.json}). {@code scenario run FILE --out DIR}
 * runs one and writes stats.json, trades.csv, equity.csv and report.html (and sweep.json, sweep.csv for a grid);
 * {@code scenario check FILE} only validates it; {@code scenario schema} prints the JSON Schema. Errors name the JSON
 * path ({@code $.strategy.params.fast: ...}) and exit with 2.
 *
 * <pre>
 * java -jar backtest-cli.jar scenario run sdk-examples/scenarios/sma-cross.json --out out/sma
 * </pre>
 */
@Command(name = "scenario", mixinStandardHelpOptions = true, description = "Run, check or describe scenario files (JSON).",
        subcommands = {ScenarioCommand.Run.class, ScenarioCommand.Check.class, ScenarioCommand.Schema.class})
final class ScenarioCommand extends CommandGroup {

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Run a scenario file and write its outputs into a directory.",
            footer = {"", "Outputs: stats.json, trades.csv, equity.csv, report.html; with a grid also sweep.json and sweep.csv",
                    "(the other files are then the best combination's run); with a walk-forward stats.json, equity.csv",
                    "(out of sample), walk_forward.json and report.html. Columns: README, Exports.",
                    "Exit codes: 0 done, 2 bad input (error: $.json.path message ... [CODE])."})
    static final class Run implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "the scenario file (JSON)")
        Path file;
        @Option(names = "--out", required = true, paramLabel = "DIR", description = "directory for the outputs (created if needed)")
        Path out;

        @Override
        public Integer call() {
            Scenario scenario = Scenarios.parse(file);
            ScenarioResult result;
            if (scenario.data().source().equals(Scenarios.SOURCE_STORE)) {
                try (BacktestClient client = BacktestCli.client()) {
                    result = Scenarios.run(scenario, client.marketData());
                }
            } else {
                result = Scenarios.run(scenario, null);
            }
            List<Path> files = result.writeTo(out);
            PrintWriter w = spec.commandLine().getOut();
            if (result.bestParams() != null) {
                w.println("best parameters: " + result.bestParams());
            }
            if (result.walkForward() != null) {
                w.printf("walk-forward: %d windows, out-of-sample return %.2f %%%n", result.walkForward().windows().size(),
                        result.walkForward().outOfSample().returnPct());
            }
            files.forEach(f -> w.println("wrote " + f));
            return 0;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true, description = "Validate a scenario file without running it.")
    static final class Check implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "the scenario file (JSON)")
        Path file;

        @Override
        public Integer call() {
            Scenarios.parse(file);
            spec.commandLine().getOut().println(file + ": valid");
            return 0;
        }
    }

    @Command(name = "schema", mixinStandardHelpOptions = true, description = "Print the JSON Schema of scenario files.")
    static final class Schema implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().getOut().println(Scenarios.schema());
            return 0;
        }
    }
}
