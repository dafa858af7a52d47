package dev.backtest.sdk.run.internal;

import dev.backtest.sdk.config.DatabaseKind;
import dev.backtest.sdk.persistence.internal.Database;
import dev.backtest.sdk.run.RunTiming;
import dev.backtest.sdk.testing.Await;
import dev.backtest.sdk.testing.BothDatabases;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static dev.backtest.sdk.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

/** The run queue on db-scheduler: shared by instances, retried on failure, re-claimed from a dead worker. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunQueueIT {

    private static final RunTiming FAST = new RunTiming(Duration.ofMillis(100), Duration.ofMillis(100), 4,
            Duration.ofMillis(200));

    @RegisterExtension
    static final BothDatabases dbs = new BothDatabases();

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void twoInstancesShareTheQueueAndRunEachRunExactlyOnce(DatabaseKind kind) {
        Database db = dbs.get(kind);
        Map<UUID, List<String>> executions = new ConcurrentHashMap<>();
        List<UUID> runs = IntStream.range(0, 20).mapToObj(i -> UUID.randomUUID()).toList();
        Set<UUID> mine = Set.copyOf(runs);
        try (RunQueue producer = RunQueue.start(db.dataSource(), 0, "producer-" + kind, id -> { }, FAST)) {
            assertThat(producer.working()).isFalse();
            runs.forEach(producer::enqueue);
            runs.forEach(producer::enqueue); // queuing a pending run again keeps one entry
        }
        try (RunQueue a = RunQueue.start(db.dataSource(), 2, "a-" + kind, id -> note(executions, mine, id, "a"), FAST);
             RunQueue b = RunQueue.start(db.dataSource(), 2, "b-" + kind, id -> note(executions, mine, id, "b"), FAST)) {
            await(() -> executions.keySet().containsAll(runs), Duration.ofSeconds(30));
            Await.sleep(Duration.ofMillis(500));
        }
        assertThat(executions.keySet()).containsExactlyInAnyOrderElementsOf(runs);
        executions.forEach((id, who) -> assertThat(who).as("executions of " + id).hasSize(1));
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aFailedAttemptIsRetried(DatabaseKind kind) {
        Database db = dbs.get(kind);
        UUID run = UUID.randomUUID();
        AtomicInteger attempts = new AtomicInteger();
        try (RunQueue q = RunQueue.start(db.dataSource(), 1, "retry-" + kind, id -> {
            if (id.equals(run) && attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("first attempt fails");
            }
        }, FAST)) {
            q.enqueue(run);
            await(() -> attempts.get() >= 2, Duration.ofSeconds(30));
        }
        assertThat(attempts.get()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aRunClaimedByADeadInstanceIsReclaimedAfterItsLease(DatabaseKind kind) throws Exception {
        Database db = dbs.get(kind);
        UUID run = UUID.randomUUID();
        // What a killed instance leaves behind: a picked execution whose heartbeat stopped long ago.
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO scheduled_tasks (task_name, task_instance, task_data, execution_time, picked, picked_by, last_heartbeat, version)"
                        + " VALUES (?, ?, ?, ?, TRUE, 'killed-instance', ?, 1)")) {
            ps.setString(1, RunQueue.TASK_NAME);
            ps.setString(2, run.toString());
            ps.setBytes(3, javaSerialized(run.toString()));
            Timestamp old = Timestamp.from(Instant.now().minusSeconds(60));
            ps.setTimestamp(4, old);
            ps.setTimestamp(5, old);
            ps.executeUpdate();
        }
        List<UUID> executed = new CopyOnWriteArrayList<>();
        try (RunQueue survivor = RunQueue.start(db.dataSource(), 1, "survivor-" + kind, executed::add, FAST)) {
            await(() -> executed.contains(run), Duration.ofSeconds(30));
        }
        assertThat(executed).containsExactly(run);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void runsAndSweepChunksAreTwoTasksServedByOneSetOfWorkers(DatabaseKind kind) {
        Database db = dbs.get(kind);
        List<UUID> runs = IntStream.range(0, 4).mapToObj(i -> UUID.randomUUID()).toList();
        List<UUID> chunks = IntStream.range(0, 8).mapToObj(i -> UUID.randomUUID()).toList();
        Map<UUID, String> kinds = new ConcurrentHashMap<>();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        try (RunQueue q = RunQueue.start(db.dataSource(), 2, "both-" + kind, id -> {
            kinds.put(id, "run");
            threads.add(Thread.currentThread().getName());
        }, id -> {
            kinds.put(id, "chunk");
            threads.add(Thread.currentThread().getName());
        }, FAST)) {
            db.inTransaction(em -> {
                runs.forEach(id -> RunQueue.enqueue(em, id));
                chunks.forEach(id -> RunQueue.enqueueChunk(em, id));
                return null;
            });
            q.wake();
            await(() -> kinds.keySet().containsAll(runs) && kinds.keySet().containsAll(chunks), Duration.ofSeconds(30));
        }
        runs.forEach(id -> assertThat(kinds).containsEntry(id, "run"));
        chunks.forEach(id -> assertThat(kinds).containsEntry(id, "chunk"));
        assertThat(threads).as("worker threads of the one scheduler").hasSizeBetween(1, 2);
    }

    private static void note(Map<UUID, List<String>> executions, Set<UUID> mine, UUID id, String who) {
        if (mine.contains(id)) {
            executions.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(who);
        }
    }

    private static byte[] javaSerialized(String value) throws Exception {
        var bytes = new java.io.ByteArrayOutputStream();
        try (var out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        return bytes.toByteArray();
    }

}
