package dev.backtest.sdk.task.internal;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.error.FieldErrors;
import dev.backtest.sdk.index.IndexService;
import dev.backtest.sdk.optimization.OptimizationService;
import dev.backtest.sdk.walkforward.internal.WalkForwardRun;
import dev.backtest.sdk.page.Page;
import dev.backtest.sdk.page.PageRequest;
import dev.backtest.sdk.persistence.internal.Database;
import dev.backtest.sdk.run.RunService;
import dev.backtest.sdk.task.TaskEvent;
import dev.backtest.sdk.task.TaskFilter;
import dev.backtest.sdk.task.TaskKind;
import dev.backtest.sdk.task.TaskService;
import dev.backtest.sdk.task.TaskStatus;
import dev.backtest.sdk.task.TaskView;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * {@link TaskService} over the tables that hold background work: {@code backtest_runs} (runs), {@code walk_forwards},
 * {@code optimizations} (sweeps), {@code data_tasks} (refreshes and imports) and {@code index_runs} (index runs). A
 * list is one SQL {@code UNION ALL} of them, each filtered on its own, ordered and paged by the database as one
 * list (so paging is exact across kinds, on PostgreSQL and H2 alike). Cancels of runs, sweeps and index runs go
 * through their services, which check the state and write the audit event; a data task is asked to stop ({@link DataTask#requestCancel()}), which its worker reads
 * between symbols.
 *
 * <pre>{@code
 * TaskService tasks = new JpaTaskService(database, client.runs(), client.optimizations());
 * Page<TaskView> mine = tasks.list(me, TaskFilter.all(), PageRequest.first(50));
 * }</pre>
 */
public final class JpaTaskService implements TaskService {

    /** The shortest poll interval of {@link #events}. */
    static final Duration MIN_POLL = Duration.ofMillis(10);
    /** A label of a data task names at most this many symbols, then how many more. */
    private static final int LABEL_SYMBOLS = 8;

    private static final String COLUMNS = "id, kind, status, user_id, label, symbols, progress, cancel_requested, error_code,"
            + " error_message, created_at, started_at, finished_at, backtest_id";

    private final Database database;
    private final RunService runs;
    private final OptimizationService optimizations;
    private final IndexService indexes;

    /**
     * Reads the task tables of {@code database}; cancels runs and sweeps through {@code runs} and
     * {@code optimizations} (whose auditor records the cancel with its actor).
     */
    public JpaTaskService(Database database, RunService runs, OptimizationService optimizations) {
        this(database, runs, optimizations, null);
    }

    /** As {@link #JpaTaskService(Database, RunService, OptimizationService)}, cancelling index runs through {@code indexes}. */
    public JpaTaskService(Database database, RunService runs, OptimizationService optimizations, IndexService indexes) {
        this.database = Objects.requireNonNull(database, "database");
        this.runs = Objects.requireNonNull(runs, "runs");
        this.optimizations = Objects.requireNonNull(optimizations, "optimizations");
        this.indexes = indexes;
    }

    @Override
    public Page<TaskView> list(UUID userId, TaskFilter filter, PageRequest page) {
        Objects.requireNonNull(userId, "userId");
        return page(userId, filter, page);
    }

    @Override
    public Page<TaskView> listAll(TaskFilter filter, PageRequest page) {
        return page(null, filter, page);
    }

    @Override
    public TaskView get(UUID userId, UUID taskId) {
        Objects.requireNonNull(userId, "userId");
        return database.inTransaction(em -> find(em, userId, taskId)).orElseThrow(() -> TaskService.notFound(taskId));
    }

    @Override
    public TaskView getAny(UUID taskId) {
        return database.inTransaction(em -> find(em, null, taskId)).orElseThrow(() -> TaskService.notFound(taskId));
    }

    @Override
    public TaskView cancel(UUID userId, UUID taskId) {
        Objects.requireNonNull(userId, "userId");
        return cancel(get(userId, taskId));
    }

    @Override
    public TaskView cancelAny(UUID taskId) {
        return cancel(getAny(taskId));
    }

    private TaskView cancel(TaskView task) {
        switch (task.kind()) {
            case RUN -> {
                // the run service cancels the backtest's latest run; an older run of the backtest has finished already
                // (a backtest runs once at a time), and a cancel leaves a finished run as it is
                if (isLatest(task, "backtest_runs", "backtest_id")) {
                    runs.cancel(task.userId(), task.backtestId());
                }
            }
            case SWEEP -> optimizations.cancel(task.userId(), task.backtestId(), task.id());
            case WALK_FORWARD -> database.inTransactionRetryingRaces(em -> {
                // the work sees the final status after the window in progress and stops without writing
                WalkForwardRun w = em.find(WalkForwardRun.class, task.id(), jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
                if (w != null && !w.getStatus().finished()) {
                    w.finish(dev.backtest.sdk.run.RunStatus.CANCELLED, null, null,
                            OffsetDateTime.now(java.time.ZoneOffset.UTC).truncatedTo(java.time.temporal.ChronoUnit.MICROS));
                }
                return null;
            });
            case INDEX_RUN -> {
                if (indexes == null) {
                    throw BacktestException.of(ErrorCode.UNSUPPORTED_OPERATION, "this task view cannot cancel index runs");
                }
                // the index service cancels the index's latest run; an older one has finished already (one run at a time)
                if (isLatest(task, "index_runs", "index_id")) {
                    indexes.cancel(task.userId(), task.backtestId());
                }
            }
            case REFRESH, IMPORT, SCENARIO -> {
                // the worker writes progress meanwhile (a versioned row): a cancel that loses that race reads it again
                database.inTransactionRetryingRaces(em -> {
                    DataTask d = em.find(DataTask.class, task.id());
                    if (d != null) {
                        d.requestCancel();
                    }
                    return null;
                });
            }
        }
        return database.inTransaction(em -> find(em, null, task.id())).orElseThrow(() -> TaskService.notFound(task.id()));
    }

    /** Whether the run is the latest of its backtest (or index): {@code table} and {@code owner} are constants. */
    private boolean isLatest(TaskView run, String table, String owner) {
        return database.inTransaction(em -> {
            List<?> latest = em.createNativeQuery("SELECT id FROM " + table + " WHERE " + owner + " = ?1"
                            + " ORDER BY queued_at DESC, created_at DESC")
                    .setParameter(1, run.backtestId()).setMaxResults(1).getResultList();
            return !latest.isEmpty() && uuid(latest.get(0)).equals(run.id());
        });
    }

    @Override
    public Stream<TaskEvent> events(UUID userId, UUID taskId, Duration poll, Duration timeout) {
        Objects.requireNonNull(userId, "userId");
        return events(() -> get(userId, taskId), poll, timeout);
    }

    @Override
    public Stream<TaskEvent> eventsAny(UUID taskId, Duration poll, Duration timeout) {
        return events(() -> getAny(taskId), poll, timeout);
    }

    private static Stream<TaskEvent> events(Supplier<TaskView> read, Duration poll, Duration timeout) {
        FieldErrors errors = new FieldErrors();
        if (poll == null || poll.compareTo(MIN_POLL) < 0) {
            errors.add("poll", "must be at least " + MIN_POLL.toMillis() + " ms; got " + poll);
        }
        if (timeout == null || timeout.isNegative()) {
            errors.add("timeout", "must be zero or more; got " + timeout);
        }
        errors.throwIfAny();
        TaskView first = read.get(); // a missing task fails here, before any event
        long deadline = System.nanoTime() + timeout.toNanos();
        Spliterator<TaskEvent> changes = new Spliterators.AbstractSpliterator<>(Long.MAX_VALUE,
                Spliterator.ORDERED | Spliterator.NONNULL) {
            private TaskView last;
            private boolean done;

            @Override
            public boolean tryAdvance(Consumer<? super TaskEvent> action) {
                if (done) {
                    return false;
                }
                TaskView current = last == null ? first : null;
                while (current == null) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0 || !sleep(Math.min(poll.toNanos(), left))) {
                        done = true;
                        return false;
                    }
                    TaskView next;
                    try {
                        next = read.get();
                    } catch (BacktestException e) {
                        if (e.code() != ErrorCode.TASK_NOT_FOUND) {
                            throw e;
                        }
                        done = true; // purged, or its backtest deleted, while watched: nothing more to tell
                        return false;
                    }
                    if (next.status() != last.status() || next.progress() != last.progress()
                            || next.cancelRequested() != last.cancelRequested()) {
                        current = next;
                    }
                }
                last = current;
                done = current.finished();
                action.accept(TaskEvent.of(current));
                return true;
            }
        };
        return StreamSupport.stream(changes, false);
    }

    private static boolean sleep(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Page<TaskView> page(UUID userId, TaskFilter filter, PageRequest page) {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(page, "page");
        String order = switch (page.sort()) {
            case CREATED_AT_DESC -> " ORDER BY created_at DESC, id DESC";
            case CREATED_AT -> " ORDER BY created_at, id";
            case NAME -> throw FieldErrors.single("sort", "must be -created_at (newest first, the default) or created_at for tasks;"
                    + " got 'name'");
        };
        Sql union = union(userId, filter, null);
        return database.inTransaction(em -> {
            long total = ((Number) union.bind(em.createNativeQuery("SELECT count(*) FROM (" + union.text + ") t")).getSingleResult())
                    .longValue();
            int limit = union.parameters.size() + 1;
            Query rows = union.bind(em.createNativeQuery("SELECT " + COLUMNS + " FROM (" + union.text + ") t" + order
                    + " LIMIT ?" + limit + " OFFSET ?" + (limit + 1)));
            rows.setParameter(limit, page.limit()).setParameter(limit + 1, page.offset());
            return page.page(views(rows), total);
        });
    }

    /** The task with this id, if {@code userId} (null: anyone) may see it. */
    private static Optional<TaskView> find(EntityManager em, UUID userId, UUID taskId) {
        if (taskId == null) {
            return Optional.empty();
        }
        Sql union = union(userId, TaskFilter.all(), taskId);
        return views(union.bind(em.createNativeQuery("SELECT " + COLUMNS + " FROM (" + union.text + ") t"))).stream().findFirst();
    }

    /** A statement and its positional parameters, numbered from 1 in the order they appear. */
    private record Sql(String text, List<Object> parameters) {
        Query bind(Query q) {
            for (int i = 0; i < parameters.size(); i++) {
                q.setParameter(i + 1, parameters.get(i));
            }
            return q;
        }
    }

    /**
     * The tasks of the tables as one relation with the same columns, each part filtered by owner (null: any),
     * kind, status and id (null: any). Runs and sweeps of deleted backtests are left out, like the backtests.
     */
    private static Sql union(UUID userId, TaskFilter filter, UUID taskId) {
        List<Object> parameters = new ArrayList<>();
        List<String> parts = new ArrayList<>();
        if (filter.kind() == null || filter.kind() == TaskKind.RUN) {
            parts.add("SELECT r.id AS id, CAST('run' AS VARCHAR(16)) AS kind, r.status AS status, r.user_id AS user_id,"
                    + " b.name AS label, b.symbol AS symbols, CAST(r.progress AS INTEGER) AS progress,"
                    + " r.cancel_requested AS cancel_requested, r.error_code AS error_code, r.error_message AS error_message,"
                    + " r.created_at AS created_at, r.started_at AS started_at, r.finished_at AS finished_at,"
                    + " r.backtest_id AS backtest_id"
                    + " FROM backtest_runs r JOIN backtests b ON b.id = r.backtest_id WHERE b.deleted_at IS NULL AND r.kind = 'backtest'"
                    + conditions("r", userId, null, filter.status(), taskId, parameters));
        }
        if (filter.kind() == null || filter.kind() == TaskKind.SWEEP) {
            parts.add("SELECT o.id AS id, CAST('sweep' AS VARCHAR(16)) AS kind, o.status AS status, o.user_id AS user_id,"
                    + " b.name AS label, o.symbol AS symbols, CAST(o.chunks_done * 100 / o.chunk_count AS INTEGER) AS progress,"
                    + " FALSE AS cancel_requested, o.error_code AS error_code, o.error_message AS error_message,"
                    + " o.created_at AS created_at, o.started_at AS started_at, o.finished_at AS finished_at,"
                    + " o.backtest_id AS backtest_id"
                    + " FROM optimizations o JOIN backtests b ON b.id = o.backtest_id WHERE b.deleted_at IS NULL"
                    + conditions("o", userId, null, filter.status(), taskId, parameters));
        }
        if (filter.kind() == null || filter.kind() == TaskKind.WALK_FORWARD) {
            parts.add("SELECT w.id AS id, CAST('walk_forward' AS VARCHAR(16)) AS kind, w.status AS status, w.user_id AS user_id,"
                    + " b.name AS label, w.symbol AS symbols,"
                    + " CAST(CASE WHEN w.windows = 0 THEN 0 ELSE w.windows_done * 100 / w.windows END AS INTEGER) AS progress,"
                    + " FALSE AS cancel_requested, w.error_code AS error_code, w.error_message AS error_message,"
                    + " w.created_at AS created_at, w.started_at AS started_at, w.finished_at AS finished_at,"
                    + " w.backtest_id AS backtest_id"
                    + " FROM walk_forwards w JOIN backtests b ON b.id = w.backtest_id WHERE b.deleted_at IS NULL"
                    + conditions("w", userId, null, filter.status(), taskId, parameters));
        }
        if (filter.kind() == null || filter.kind() == TaskKind.INDEX_RUN) {
            parts.add("SELECT x.id AS id, CAST('index_run' AS VARCHAR(16)) AS kind, x.status AS status, x.user_id AS user_id,"
                    + " i.name AS label, CAST('' AS VARCHAR(2000)) AS symbols, CAST(x.progress AS INTEGER) AS progress,"
                    + " x.cancel_requested AS cancel_requested, x.error_code AS error_code, x.error_message AS error_message,"
                    + " x.created_at AS created_at, x.started_at AS started_at, x.finished_at AS finished_at,"
                    + " x.index_id AS backtest_id"
                    + " FROM index_runs x JOIN index_definitions i ON i.id = x.index_id WHERE i.deleted_at IS NULL"
                    + conditions("x", userId, null, filter.status(), taskId, parameters));
        }
        if (filter.kind() == null || filter.kind() == TaskKind.REFRESH || filter.kind() == TaskKind.IMPORT
                || filter.kind() == TaskKind.SCENARIO) {
            parts.add("SELECT d.id AS id, CAST(d.kind AS VARCHAR(16)) AS kind, d.status AS status, d.user_id AS user_id,"
                    + " CAST(NULL AS VARCHAR(200)) AS label, d.symbols AS symbols, CAST(d.progress AS INTEGER) AS progress,"
                    + " d.cancel_requested AS cancel_requested, d.error_code AS error_code, d.error_message AS error_message,"
                    + " d.created_at AS created_at, d.started_at AS started_at, d.finished_at AS finished_at,"
                    + " CAST(NULL AS UUID) AS backtest_id"
                    + " FROM data_tasks d WHERE 1 = 1"
                    + conditions("d", userId, filter.kind(), filter.status(), taskId, parameters));
        }
        return new Sql(String.join(" UNION ALL ", parts), parameters);
    }

    private static String conditions(String alias, UUID userId, TaskKind kind, TaskStatus status, UUID taskId, List<Object> parameters) {
        StringBuilder sql = new StringBuilder();
        if (userId != null) {
            parameters.add(userId);
            sql.append(" AND ").append(alias).append(".user_id = ?").append(parameters.size());
        }
        if (kind != null) {
            parameters.add(kind.wire());
            sql.append(" AND ").append(alias).append(".kind = ?").append(parameters.size());
        }
        if (status != null) {
            parameters.add(status.wire());
            sql.append(" AND ").append(alias).append(".status = ?").append(parameters.size());
        }
        if (taskId != null) {
            parameters.add(taskId);
            sql.append(" AND ").append(alias).append(".id = ?").append(parameters.size());
        }
        return sql.toString();
    }

    private static List<TaskView> views(Query q) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = q.getResultList();
        List<TaskView> out = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            TaskKind kind = wire(TaskKind.values(), TaskKind::wire, (String) r[1]);
            TaskStatus status = wire(TaskStatus.values(), TaskStatus::wire, (String) r[2]);
            String label = switch (kind) {
                case RUN, SWEEP, WALK_FORWARD -> r[4] + " (" + r[5] + ")";
                case INDEX_RUN -> (String) r[4];
                case REFRESH, IMPORT, SCENARIO -> symbolsLabel((String) r[5]);
            };
            out.add(new TaskView(uuid(r[0]), kind, status, r[3] == null ? null : uuid(r[3]), label, ((Number) r[6]).intValue(),
                    Boolean.TRUE.equals(r[7]) && !status.finished(), (String) r[8], (String) r[9], instant(r[10]), instant(r[11]),
                    instant(r[12]), r[13] == null ? null : uuid(r[13])));
        }
        return out;
    }

    /** "BTC, ETH" from the stored symbols (comma-separated), at most {@value #LABEL_SYMBOLS} named. */
    static String symbolsLabel(String stored) {
        if (stored == null || stored.isBlank()) {
            return "";
        }
        List<String> symbols = Arrays.stream(stored.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (symbols.size() <= LABEL_SYMBOLS) {
            return String.join(", ", symbols);
        }
        return String.join(", ", symbols.subList(0, LABEL_SYMBOLS)) + " and " + (symbols.size() - LABEL_SYMBOLS) + " more";
    }

    private static <E> E wire(E[] values, java.util.function.Function<E, String> wire, String value) {
        for (E e : values) {
            if (wire.apply(e).equals(value)) {
                return e;
            }
        }
        throw BacktestException.of(ErrorCode.INTERNAL, "unknown task kind or status '" + value + "' in the database");
    }

    private static UUID uuid(Object o) {
        return o instanceof UUID u ? u : UUID.fromString(o.toString());
    }

    private static Instant instant(Object o) {
        if (o == null) {
            return null;
        }
        if (o instanceof OffsetDateTime t) {
            return t.toInstant();
        }
        if (o instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        if (o instanceof Instant t) {
            return t;
        }
        if (o instanceof java.time.ZonedDateTime t) {
            return t.toInstant();
        }
        return OffsetDateTime.parse(o.toString()).toInstant();
    }
}
