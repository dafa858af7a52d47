package dev.backtest.sdk.scenario.internal;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.error.FieldErrors;
import dev.backtest.sdk.marketdata.MarketDataService;
import dev.backtest.sdk.marketdata.SourceResolution;
import dev.backtest.sdk.scenario.Scenario;
import dev.backtest.sdk.scenario.ScenarioResult;
import dev.backtest.sdk.scenario.ScenarioService;
import dev.backtest.sdk.scenario.ScenarioTask;
import dev.backtest.sdk.scenario.Scenarios;
import dev.backtest.sdk.storage.ObjectStore;
import dev.backtest.sdk.task.TaskKind;
import dev.backtest.sdk.task.TaskService;
import dev.backtest.sdk.task.TaskStatus;
import dev.backtest.sdk.task.TaskView;
import dev.backtest.sdk.task.internal.DataTaskLog;
import dev.backtest.sdk.walkforward.internal.WalkForwardWorker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * {@link ScenarioService} on the task table ({@code data_tasks}, kind {@code scenario}) and the object store: the
 * scenario runs on one worker thread of the client, and its outputs are uploaded under {@code scenarios/{user}/{id}/}
 * before the task is marked completed, so a completed task always has them.
 *
 * <pre>{@code
 * ScenarioService s = new StoredScenarioService(storage, marketData, dataTasks, tasks, new WalkForwardWorker("scenario"));
 * }</pre>
 */
public final class StoredScenarioService implements ScenarioService {

    private static final Logger LOG = LoggerFactory.getLogger(StoredScenarioService.class);

    private final ObjectStore store;
    private final MarketDataService marketData;
    private final DataTaskLog log;
    private final TaskService tasks;
    private final WalkForwardWorker worker;

    public StoredScenarioService(ObjectStore store, MarketDataService marketData, DataTaskLog log, TaskService tasks, WalkForwardWorker worker) {
        this.store = Objects.requireNonNull(store, "store");
        this.marketData = Objects.requireNonNull(marketData, "marketData");
        this.log = Objects.requireNonNull(log, "log");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.worker = Objects.requireNonNull(worker, "worker");
    }

    @Override
    public ScenarioTask submit(UUID userId, String json) {
        Objects.requireNonNull(userId, "userId");
        if (json == null || json.isBlank()) {
            throw FieldErrors.single("$", "a scenario (a JSON object) is required");
        }
        Scenario scenario = Scenarios.parse(json, null);
        check(scenario);
        UUID id = log.start(TaskKind.SCENARIO, userId, scenario.data().symbolList());
        worker.submit(() -> run(userId, id, scenario));
        return get(userId, id);
    }

    /** What can be refused before the work starts: CSV data and symbols the store does not hold. */
    private void check(Scenario scenario) {
        if (scenario.data().source().equals(Scenarios.SOURCE_CSV)) {
            throw FieldErrors.single("$.data.source", "csv files are not read here (only stored symbols): use source store");
        }
        List<String> known = marketData.symbols(SourceResolution.YEARLY);
        FieldErrors errors = new FieldErrors();
        List<String> symbols = scenario.data().symbols();
        for (int i = 0; i < symbols.size(); i++) {
            if (!known.contains(symbols.get(i))) {
                errors.add("$.data.symbols[" + i + "]", "unknown symbol " + symbols.get(i) + "; the store holds "
                        + (known.size() > 20 ? known.subList(0, 20) + "..." : known));
            }
        }
        errors.throwIfAny();
    }

    private void run(UUID userId, UUID id, Scenario scenario) {
        try {
            if (log.cancelRequested(id)) {
                log.finish(id, TaskStatus.CANCELLED, null, null);
                return;
            }
            ScenarioResult result = Scenarios.run(scenario, marketData);
            upload(userId, id, result);
            if (log.cancelRequested(id)) {
                log.finish(id, TaskStatus.CANCELLED, null, null);
                return;
            }
            log.progress(id, 100, 0, OUTPUTS.size());
            log.finish(id, TaskStatus.COMPLETED, null, null);
        } catch (BacktestException e) {
            finishFailed(id, e.code().name(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("scenario {} failed", id, e);
            finishFailed(id, ErrorCode.INTERNAL.name(), "the scenario failed: " + e);
        }
    }

    private void finishFailed(UUID id, String code, String message) {
        try {
            log.finish(id, TaskStatus.FAILED, code, message.length() > 2000 ? message.substring(0, 2000) : message);
        } catch (RuntimeException e) {
            // the database is gone (the client closes): the row stays running, as for a refresh cut short
            LOG.warn("scenario {}: cannot record its failure: {}", id, e.toString());
        }
    }

    private void upload(UUID userId, UUID id, ScenarioResult result) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("scenario-");
            for (Path file : result.writeTo(dir)) {
                store.upload(key(userId, id, file.getFileName().toString()), file);
            }
        } catch (IOException e) {
            throw new BacktestException(ErrorCode.STORAGE_ERROR, "cannot write the scenario's outputs: " + e.getMessage(), e);
        } finally {
            deleteQuietly(dir);
        }
    }

    @Override
    public ScenarioTask get(UUID userId, UUID scenarioId) {
        TaskView task = task(userId, scenarioId);
        List<String> outputs = new ArrayList<>();
        if (task.status() == TaskStatus.COMPLETED) {
            // one listing of the scenario's folder rather than a request per possible output
            String prefix = key(userId, scenarioId, "");
            List<String> written = store.list(prefix, OUTPUTS.size() + 1, null).objects().stream()
                    .map(o -> o.key().substring(prefix.length())).toList();
            OUTPUTS.stream().filter(written::contains).forEach(outputs::add);
        }
        return new ScenarioTask(task, outputs);
    }

    @Override
    public Optional<String> output(UUID userId, UUID scenarioId, String name) {
        if (!OUTPUTS.contains(name)) {
            throw FieldErrors.single("name", "one of " + OUTPUTS + "; got " + name);
        }
        TaskView task = task(userId, scenarioId);
        String key = key(userId, scenarioId, name);
        if (task.status() != TaskStatus.COMPLETED || store.stat(key).isEmpty()) {
            return Optional.empty();
        }
        Path tmp = null;
        try {
            tmp = Files.createTempFile("scenario-", ".out");
            store.download(key, tmp);
            return Optional.of(Files.readString(tmp, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new BacktestException(ErrorCode.STORAGE_ERROR, "cannot read " + key + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    /** The user's task of kind scenario; anything else (another user's, another kind) answers as missing. */
    private TaskView task(UUID userId, UUID scenarioId) {
        Objects.requireNonNull(userId, "userId");
        TaskView task = tasks.get(userId, scenarioId);
        if (task.kind() != TaskKind.SCENARIO) {
            throw BacktestException.of(ErrorCode.TASK_NOT_FOUND, "no scenario " + scenarioId).with("task_id", String.valueOf(scenarioId));
        }
        return task;
    }

    static String key(UUID userId, UUID id, String name) {
        return "scenarios/" + userId + "/" + id + "/" + name;
    }

    private static void deleteQuietly(Path p) {
        if (p == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(p)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temporary file left behind is harmless
        }
    }
}
