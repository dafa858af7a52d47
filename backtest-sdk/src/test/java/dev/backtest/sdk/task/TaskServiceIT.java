package dev.backtest.sdk.task;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.BacktestClient;
import dev.backtest.sdk.audit.Actor;
import dev.backtest.sdk.audit.ActorKind;
import dev.backtest.sdk.audit.AuditEvent;
import dev.backtest.sdk.audit.AuditFilter;
import dev.backtest.sdk.backtest.BacktestInput;
import dev.backtest.sdk.config.ConfigKey;
import dev.backtest.sdk.config.DatabaseKind;
import dev.backtest.sdk.optimization.OptimizationView;
import dev.backtest.sdk.optimization.OptimizeRequest;
import dev.backtest.sdk.page.Page;
import dev.backtest.sdk.page.PageRequest;
import dev.backtest.sdk.run.RunView;
import dev.backtest.sdk.strategy.StrategyInput;
import dev.backtest.sdk.task.internal.DataTaskLog;
import dev.backtest.sdk.testing.QueueOnlyClients;
import dev.backtest.sdk.testing.Await;
import dev.backtest.sdk.testing.Internals;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The task view on PostgreSQL and H2: runs, sweeps and data tasks in one list, paged exactly across kinds, filtered,
 * cancelled each by its own rule, never shown to another user, all of them to an administrator; events until a task
 * finishes; the retention of finished data tasks. Clients have no workers, so queued work stays queued until cancelled.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TaskServiceIT {

    private static final OptimizeRequest SWEEP = new OptimizeRequest(Map.of("fast", List.of(5, 10), "slow", List.of(20, 30)),
            "fast < slow", "sharpe_ratio", 2);

    @RegisterExtension
    static final QueueOnlyClients clients = new QueueOnlyClients();

    private static UUID backtest(BacktestClient c, UUID user, String name) {
        var s = c.strategies().create(user, new StrategyInput("cross " + UUID.randomUUID(), null, "sma_cross",
                Map.of("fast", 5, "slow", 20), false));
        return c.backtests().create(user, new BacktestInput(name, s.id().toString(), "BTC", "1d", LocalDate.of(2023, 1, 1),
                LocalDate.of(2023, 12, 31), new BigDecimal("10000"), new BigDecimal("0.001"), Map.of())).id();
    }

    private static DataTaskLog log(BacktestClient c) {
        return new DataTaskLog(Internals.database(c), Clock.systemUTC());
    }

    private static List<UUID> ids(Page<TaskView> page) {
        return page.items().stream().map(TaskView::id).toList();
    }

    private static BacktestException thrown(Runnable call) {
        return catchThrowableOfType(BacktestException.class, call::run);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void listsRunsSweepsAndDataTasksAsOneListPagedExactlyAcrossKinds(DatabaseKind kind) {
        BacktestClient c = clients.get(kind);
        UUID me = QueueOnlyClients.newUser(c);
        List<UUID> created = new ArrayList<>();
        UUID refresh = null;
        for (int i = 0; i < 3; i++) {
            UUID b = backtest(c, me, "BTC " + i);
            RunView run = c.runs().start(me, b);
            created.add(run.id());
            OptimizationView sweep = c.optimizations().start(me, b, SWEEP);
            created.add(sweep.id());
            UUID data = log(c).start(i == 1 ? TaskKind.IMPORT : TaskKind.REFRESH, me, List.of("BTC", "ETH"));
            created.add(data);
            refresh = i == 0 ? data : refresh;
        }

        Page<TaskView> all = c.tasks().list(me, TaskFilter.all(), PageRequest.first(200));
        assertThat(all.total()).isEqualTo(9);
        assertThat(ids(all)).containsExactlyInAnyOrderElementsOf(created);
        assertThat(all.items()).isSortedAccordingTo(Comparator.comparing(TaskView::createdAt).reversed());
        assertThat(all.items()).extracting(TaskView::kind).containsOnly(TaskKind.RUN, TaskKind.SWEEP, TaskKind.REFRESH, TaskKind.IMPORT);

        // pages of 2 across the kinds: together exactly the full list, in its order, nothing twice
        List<UUID> paged = new ArrayList<>();
        Page<TaskView> page = c.tasks().list(me, TaskFilter.all(), PageRequest.first(2));
        paged.addAll(ids(page));
        while (page.nextCursor() != null) {
            page = c.tasks().list(me, TaskFilter.all(), PageRequest.parse("2", null, page.nextCursor(), null));
            assertThat(page.total()).isEqualTo(9);
            paged.addAll(ids(page));
        }
        assertThat(paged).containsExactlyElementsOf(ids(all));
        List<UUID> oldestFirst = new ArrayList<>(ids(all));
        java.util.Collections.reverse(oldestFirst);
        assertThat(ids(c.tasks().list(me, TaskFilter.all(), PageRequest.parse("4", "4", null, "created_at"))))
                .containsExactlyElementsOf(oldestFirst.subList(4, 8));

        TaskView run = all.items().stream().filter(t -> t.kind() == TaskKind.RUN).findFirst().orElseThrow();
        assertThat(run.status()).isEqualTo(TaskStatus.QUEUED);
        assertThat(run.userId()).isEqualTo(me);
        assertThat(run.label()).matches("BTC \\d \\(BTC\\)");
        assertThat(run.backtestId()).isNotNull();
        assertThat(run.progress()).isZero();
        assertThat(run.startedAt()).isNull();
        TaskView sweep = all.items().stream().filter(t -> t.kind() == TaskKind.SWEEP).findFirst().orElseThrow();
        assertThat(sweep.label()).matches("BTC \\d \\(BTC\\)");
        TaskView data = c.tasks().get(me, refresh);
        assertThat(data.kind()).isEqualTo(TaskKind.REFRESH);
        assertThat(data.status()).isEqualTo(TaskStatus.RUNNING);
        assertThat(data.label()).isEqualTo("BTC, ETH");
        assertThat(data.backtestId()).isNull();
        assertThat(data.startedAt()).isNotNull();

        assertThat(thrown(() -> c.tasks().list(me, TaskFilter.all(), PageRequest.parse(null, null, null, "name"))).code())
                .isEqualTo(ErrorCode.VALIDATION_FAILED);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void filtersByKindAndStatus(DatabaseKind kind) {
        BacktestClient c = clients.get(kind);
        UUID me = QueueOnlyClients.newUser(c);
        UUID b = backtest(c, me, "filtered");
        RunView run = c.runs().start(me, b);
        c.runs().cancel(me, b);
        OptimizationView sweep = c.optimizations().start(me, b, SWEEP);
        DataTaskLog log = log(c);
        UUID failed = log.start(TaskKind.REFRESH, me, List.of("SPY"));
        log.finish(failed, TaskStatus.FAILED, "DATA_FETCH_FAILED", "yahoo: SPY: HTTP 500");
        UUID imported = log.start(TaskKind.IMPORT, me, List.of("BTC"));
        log.finish(imported, TaskStatus.COMPLETED, null, null);

        assertThat(ids(c.tasks().list(me, TaskFilter.of(TaskKind.RUN), PageRequest.first(50)))).containsExactly(run.id());
        assertThat(ids(c.tasks().list(me, TaskFilter.of(TaskKind.SWEEP), PageRequest.first(50)))).containsExactly(sweep.id());
        assertThat(ids(c.tasks().list(me, TaskFilter.of(TaskKind.REFRESH), PageRequest.first(50)))).containsExactly(failed);
        assertThat(ids(c.tasks().list(me, TaskFilter.parse("import", null), PageRequest.first(50)))).containsExactly(imported);
        assertThat(ids(c.tasks().list(me, TaskFilter.parse(null, "cancelled"), PageRequest.first(50)))).containsExactly(run.id());
        assertThat(ids(c.tasks().list(me, TaskFilter.parse(null, "queued"), PageRequest.first(50)))).containsExactly(sweep.id());
        assertThat(ids(c.tasks().list(me, new TaskFilter(TaskKind.REFRESH, TaskStatus.COMPLETED), PageRequest.first(50)))).isEmpty();

        TaskView f = c.tasks().get(me, failed);
        assertThat(f.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(f.errorCode()).isEqualTo("DATA_FETCH_FAILED");
        assertThat(f.errorMessage()).isEqualTo("yahoo: SPY: HTTP 500");
        assertThat(f.finishedAt()).isNotNull();
        assertThat(c.tasks().get(me, imported).progress()).isEqualTo(100);

        BacktestException bad = thrown(() -> TaskFilter.parse("reindex", "done"));
        assertThat(bad.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(bad.getMessage()).contains("kind must be one of run, sweep, refresh, import, index_run, walk_forward, scenario; got 'reindex'")
                .contains("status must be one of queued, running, completed, failed, cancelled; got 'done'");
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void cancelsEachKindByItsOwnRuleAndAuditsRunsAndSweeps(DatabaseKind kind) {
        BacktestClient c = clients.get(kind);
        UUID me = QueueOnlyClients.newUser(c);
        UUID b = backtest(c, me, "cancelled");
        RunView run = c.runs().start(me, b);
        OptimizationView sweep = c.optimizations().start(me, b, SWEEP);
        DataTaskLog log = log(c);
        UUID refresh = log.start(TaskKind.REFRESH, me, List.of("BTC"));

        TaskView r = c.tasks().cancel(me, run.id());
        assertThat(r.status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(c.runs().get(me, b).status()).isEqualTo("cancelled");
        TaskView s = c.tasks().cancel(me, sweep.id());
        assertThat(s.status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(c.optimizations().get(me, b, sweep.id()).status()).isEqualTo("cancelled");
        TaskView d = c.tasks().cancel(me, refresh);
        assertThat(d.status()).as("a refresh stops at its next check").isEqualTo(TaskStatus.RUNNING);
        assertThat(d.cancelRequested()).isTrue();
        assertThat(log.cancelRequested(refresh)).isTrue();
        log.finish(refresh, TaskStatus.CANCELLED, null, null);
        TaskView stopped = c.tasks().get(me, refresh);
        assertThat(stopped.status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(stopped.cancelRequested()).isFalse();
        assertThat(c.tasks().cancel(me, refresh)).as("a finished task is left as it is").isEqualTo(stopped);

        // an older run of the backtest: finished, left as it is
        RunView second = c.runs().start(me, b);
        assertThat(c.tasks().cancel(me, run.id()).status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(c.runs().get(me, b).id()).isEqualTo(second.id());
        assertThat(c.runs().get(me, b).status()).isEqualTo("queued");

        List<String> actions = c.audit().list(me, AuditFilter.all(), PageRequest.first(50)).items().stream().map(AuditEvent::action).toList();
        assertThat(actions).contains("run.cancel", "optimization.cancel");

        // an administrator cancels another user's run: recorded for the owner, as the admin
        UUID admin = QueueOnlyClients.newUser(c);
        TaskView byAdmin = c.as(Actor.admin(admin, "req-tasks-1")).tasks().cancelAny(second.id());
        assertThat(byAdmin.status()).isEqualTo(TaskStatus.CANCELLED);
        AuditEvent e = c.audit().list(me, AuditFilter.parse("run", null, null), PageRequest.first(1)).items().get(0);
        assertThat(e.action()).isEqualTo("run.cancel");
        assertThat(e.resourceId()).isEqualTo(second.id().toString());
        assertThat(e.actorKind()).isEqualTo(ActorKind.ADMIN);
        assertThat(e.requestId()).isEqualTo("req-tasks-1");
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aUserNeverSeesAnotherUsersTasksAndAnAdministratorSeesAll(DatabaseKind kind) {
        BacktestClient c = clients.get(kind);
        UUID alice = QueueOnlyClients.newUser(c);
        UUID bob = QueueOnlyClients.newUser(c);
        UUID b = backtest(c, alice, "alice's");
        RunView run = c.runs().start(alice, b);
        OptimizationView sweep = c.optimizations().start(alice, b, SWEEP);
        UUID aliceRefresh = log(c).start(TaskKind.REFRESH, alice, List.of("BTC"));
        UUID scheduled = log(c).start(TaskKind.REFRESH, null, List.of("SPY", "QQQ"));

        for (UUID task : List.of(run.id(), sweep.id(), aliceRefresh, scheduled, UUID.randomUUID())) {
            assertThat(thrown(() -> c.tasks().get(bob, task)).code()).isEqualTo(ErrorCode.TASK_NOT_FOUND);
            assertThat(thrown(() -> c.tasks().cancel(bob, task)).code()).isEqualTo(ErrorCode.TASK_NOT_FOUND);
            assertThat(thrown(() -> c.tasks().events(bob, task, Duration.ofMillis(20), Duration.ZERO)).code())
                    .isEqualTo(ErrorCode.TASK_NOT_FOUND);
        }
        assertThat(c.tasks().list(bob, TaskFilter.all(), PageRequest.first(50)).total()).isZero();
        assertThat(ids(c.tasks().list(alice, TaskFilter.all(), PageRequest.first(50))))
                .containsExactlyInAnyOrder(run.id(), sweep.id(), aliceRefresh);
        assertThat(c.tasks().get(alice, run.id()).status()).as("bob's cancel changed nothing").isEqualTo(TaskStatus.QUEUED);

        Page<TaskView> everything = c.tasks().listAll(TaskFilter.all(), PageRequest.first(200));
        assertThat(ids(everything)).contains(run.id(), sweep.id(), aliceRefresh, scheduled);
        TaskView s = c.tasks().getAny(scheduled);
        assertThat(s.userId()).as("the scheduler's").isNull();
        assertThat(s.label()).isEqualTo("SPY, QQQ");
        assertThat(thrown(() -> c.tasks().getAny(UUID.randomUUID())).code()).isEqualTo(ErrorCode.TASK_NOT_FOUND);

        // a deleted backtest's runs and sweeps leave the view with it
        c.runs().cancel(alice, b);
        c.optimizations().cancel(alice, b, sweep.id());
        c.backtests().delete(alice, b);
        assertThat(ids(c.tasks().list(alice, TaskFilter.all(), PageRequest.first(50)))).containsExactly(aliceRefresh);
        assertThat(thrown(() -> c.tasks().get(alice, run.id())).code()).isEqualTo(ErrorCode.TASK_NOT_FOUND);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void eventsFollowATaskUntilItFinishes(DatabaseKind kind) throws Exception {
        BacktestClient c = clients.get(kind);
        UUID me = QueueOnlyClients.newUser(c);
        DataTaskLog log = log(c);
        UUID task = log.start(TaskKind.REFRESH, me, List.of("BTC", "ETH"));
        List<TaskEvent> seen = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> watching = CompletableFuture.runAsync(() -> {
            try (Stream<TaskEvent> events = c.tasks().events(me, task, Duration.ofMillis(20), Duration.ofSeconds(60))) {
                events.forEach(seen::add);
            }
        });
        Await.await(() -> seen.size() == 1, Duration.ofSeconds(10));
        log.progress(task, 50, 1440, 1);
        Await.await(() -> seen.size() == 2, Duration.ofSeconds(10));
        log.finish(task, TaskStatus.COMPLETED, null, null);
        watching.get(10, TimeUnit.SECONDS);

        assertThat(seen).extracting(TaskEvent::name).containsExactly("progress", "progress", "completed");
        assertThat(seen).extracting(e -> e.task().progress()).containsExactly(0, 50, 100);
        assertThat(seen.get(2).last()).isTrue();
        assertThat(seen.get(1).id()).isEqualTo(task + ":running:50");

        // a finished task: its one final event; an unfinished one: the events until the timeout
        try (Stream<TaskEvent> done = c.tasks().events(me, task, Duration.ofMillis(20), Duration.ofSeconds(5))) {
            assertThat(done.toList()).extracting(TaskEvent::name).containsExactly("completed");
        }
        UUID running = log.start(TaskKind.IMPORT, me, List.of("BTC"));
        try (Stream<TaskEvent> cut = c.tasks().events(me, running, Duration.ofMillis(20), Duration.ofMillis(100))) {
            assertThat(cut.toList()).extracting(TaskEvent::name).containsExactly("progress");
        }
        assertThat(thrown(() -> c.tasks().events(me, running, Duration.ZERO, Duration.ZERO)).code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void finishedDataTasksArePurgedAfterTheRetentionAtStart(DatabaseKind kind) {
        String url = clients.freshUrl(kind);
        UUID me = UUID.randomUUID();
        Instant now = Instant.now();
        UUID old;
        UUID recent;
        UUID stillRunning;
        try (BacktestClient first = clients.client(url, Map.of(ConfigKey.TASK_RETENTION_DAYS, "36500"))) {
            DataTaskLog longAgo = new DataTaskLog(Internals.database(first), Clock.fixed(now.minus(Duration.ofDays(40)), ZoneOffset.UTC));
            old = longAgo.start(TaskKind.REFRESH, me, List.of("BTC"));
            longAgo.finish(old, TaskStatus.COMPLETED, null, null);
            stillRunning = longAgo.start(TaskKind.REFRESH, me, List.of("ETH"));
            DataTaskLog lately = new DataTaskLog(Internals.database(first), Clock.fixed(now.minus(Duration.ofDays(10)), ZoneOffset.UTC));
            recent = lately.start(TaskKind.IMPORT, me, List.of("BTC"));
            lately.finish(recent, TaskStatus.FAILED, "VALIDATION_FAILED", "bad rows");
            assertThat(first.tasks().list(me, TaskFilter.all(), PageRequest.first(50)).total()).isEqualTo(3);
        }
        try (BacktestClient second = clients.client(url, Map.of(ConfigKey.TASK_RETENTION_DAYS, "30"))) {
            Await.await(() -> second.tasks().list(me, TaskFilter.all(), PageRequest.first(50)).total() == 2, Duration.ofSeconds(30));
            assertThat(ids(second.tasks().list(me, TaskFilter.all(), PageRequest.first(50))))
                    .as("finished within the retention, or not finished").containsExactlyInAnyOrder(recent, stillRunning);
            assertThat(thrown(() -> second.tasks().get(me, old)).code()).isEqualTo(ErrorCode.TASK_NOT_FOUND);
        }
    }
}
