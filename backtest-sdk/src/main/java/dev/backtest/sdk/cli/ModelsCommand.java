package dev.backtest.sdk.cli;

import dev.backtest.sdk.BacktestClient;
import dev.backtest.sdk.json.BacktestJson;
import dev.backtest.sdk.ml.ModelInfo;
import dev.backtest.sdk.ml.ModelService;
import dev.backtest.sdk.page.Page;
import dev.backtest.sdk.page.PageRequest;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * {@code models}: lists, shows and deletes the models {@code train} stored for the command line's local user
 * ({@link TrainCommand#LOCAL_USER}).
 */
@Command(name = "models", mixinStandardHelpOptions = true, description = "List, show or delete trained ML models.",
        subcommands = {ModelsCommand.ListModels.class, ModelsCommand.Show.class, ModelsCommand.Delete.class})
final class ModelsCommand extends CommandGroup {

    @Command(name = "list", mixinStandardHelpOptions = true, description = "One line per model, oldest first.")
    static final class ListModels implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try (BacktestClient client = BacktestCli.client()) {
                PrintWriter out = spec.commandLine().getOut();
                int offset = 0;
                Page<ModelInfo> page;
                do {
                    page = client.models().list(TrainCommand.LOCAL_USER,
                            new PageRequest(PageRequest.MAX_LIMIT, offset, PageRequest.first(1).sort()));
                    for (ModelInfo m : page.items()) {
                        out.printf("%s  %-20s %-8s %-4s %s .. %s  %s%n", m.id(), m.spec().kind().wire(), m.symbol(), m.timeframe().code(),
                                m.firstTrainingBar(), m.lastTrainingBar(), m.name() == null ? "" : m.name());
                    }
                    offset += page.items().size();
                } while (!page.items().isEmpty() && offset < page.total());
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "A model's metadata as JSON.")
    static final class Show implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Parameters(index = "0", description = "the model id train printed")
        String id;

        @Override
        public Integer call() throws Exception {
            try (BacktestClient client = BacktestCli.client()) {
                ModelInfo m = client.models().get(TrainCommand.LOCAL_USER, modelId(id));
                spec.commandLine().getOut().println(BacktestJson.newMapper().writerWithDefaultPrettyPrinter().writeValueAsString(m));
            }
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a model (strategies naming it then fail to run).")
    static final class Delete implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Parameters(index = "0", description = "the model id")
        String id;

        @Override
        public Integer call() {
            try (BacktestClient client = BacktestCli.client()) {
                client.models().delete(TrainCommand.LOCAL_USER, modelId(id));
                spec.commandLine().getOut().println("deleted " + id);
            }
            return 0;
        }
    }

    static UUID modelId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ModelService.notFound(id);
        }
    }
}
