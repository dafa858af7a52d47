package dev.backtest.sdk.task.internal;

import dev.backtest.sdk.config.DatabaseKind;
import dev.backtest.sdk.persistence.internal.Database;
import dev.backtest.sdk.task.TaskKind;
import dev.backtest.sdk.task.TaskStatus;
import dev.backtest.sdk.testing.BothDatabases;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The record of refreshes and imports, on both H2 and PostgreSQL: a task's life, its cancel flag and the retention purge. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DataTaskLogIT {

    private static final Instant T0 = Instant.parse("2025-05-01T10:00:00.123456789Z");

    @RegisterExtension
    static final BothDatabases dbs = new BothDatabases();

    private static DataTask read(Database db, UUID id) {
        return db.inTransaction(em -> em.find(DataTask.class, id));
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void recordsARefreshFromItsStartThroughItsProgressToItsEnd(DatabaseKind kind) {
        Database db = dbs.get(kind);
        DataTaskLog log = new DataTaskLog(db, Clock.fixed(T0, ZoneOffset.UTC));

        UUID id = log.start(TaskKind.REFRESH, null, List.of("BTC", "SPY"));

        DataTask started = read(db, id);
        assertThat(started.getKind()).isEqualTo(TaskKind.REFRESH);
        assertThat(started.getStatus()).isEqualTo(TaskStatus.RUNNING);
        assertThat(started.getUserId()).isEmpty();
        assertThat(started.getSymbols()).containsExactly("BTC", "SPY");
        assertThat(started.getProgress()).isZero();
        assertThat(started.getCreatedAt().toInstant()).isEqualTo(Instant.parse("2025-05-01T10:00:00.123456Z"));
        assertThat(started.getStartedAt()).hasValue(started.getCreatedAt());
        assertThat(started.getFinishedAt()).isEmpty();
        assertThat(log.cancelRequested(id)).isFalse();

        log.progress(id, 50, 1_440, 1);

        DataTask halfway = read(db, id);
        assertThat(halfway.getProgress()).isEqualTo(50);
        assertThat(halfway.getBarsWritten()).isEqualTo(1_440);
        assertThat(halfway.getObjectsWritten()).isEqualTo(1);
        assertThat(halfway.getVersion()).isGreaterThan(started.getVersion());

        log.finish(id, TaskStatus.COMPLETED, null, null);

        DataTask done = read(db, id);
        assertThat(done.getStatus()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(done.getProgress()).isEqualTo(100);
        assertThat(done.getFinishedAt()).hasValue(done.getCreatedAt());
        assertThat(done.getErrorCode()).isEmpty();
        log.progress(id, 60, 2_000, 2); // late progress of a finished task changes nothing
        assertThat(read(db, id).getBarsWritten()).isEqualTo(1_440);
        assertThatThrownBy(() -> log.finish(id, TaskStatus.FAILED, "INTERNAL", "again")).isInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void anImportByAUserFailsWithItsErrorShortenedToTheColumn(DatabaseKind kind) {
        Database db = dbs.get(kind);
        DataTaskLog log = new DataTaskLog(db, Clock.systemUTC());
        UUID user = UUID.randomUUID();

        UUID id = log.start(TaskKind.IMPORT, user, List.of("ETH"));
        log.finish(id, TaskStatus.FAILED, "VALIDATION_FAILED", "x".repeat(5_000));

        DataTask failed = read(db, id);
        assertThat(failed.getKind()).isEqualTo(TaskKind.IMPORT);
        assertThat(failed.getUserId()).hasValue(user);
        assertThat(failed.getStatus()).isEqualTo(TaskStatus.FAILED);
        assertThat(failed.getErrorCode()).hasValue("VALIDATION_FAILED");
        assertThat(failed.getErrorMessage()).hasValueSatisfying(m -> assertThat(m).hasSize(2_000).endsWith("..."));
        assertThat(failed.getProgress()).isZero();
        assertThatThrownBy(() -> log.start(TaskKind.RUN, user, List.of("ETH"))).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void seesACancelRequestedByTheTaskViewAndFinishesCancelled(DatabaseKind kind) throws SQLException {
        Database db = dbs.get(kind);
        DataTaskLog log = new DataTaskLog(db, Clock.systemUTC());
        UUID id = log.start(TaskKind.REFRESH, UUID.randomUUID(), List.of("A", "B", "C"));
        log.progress(id, 33, 10, 1);

        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE data_tasks SET cancel_requested = TRUE WHERE id = ?")) {
            ps.setObject(1, id);
            ps.executeUpdate();
        }

        assertThat(log.cancelRequested(id)).isTrue();
        log.progress(id, 66, 20, 2); // a progress record after the request keeps the request
        assertThat(log.cancelRequested(id)).isTrue();
        log.finish(id, TaskStatus.CANCELLED, null, null);
        DataTask cancelled = read(db, id);
        assertThat(cancelled.getStatus()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(cancelled.getProgress()).isEqualTo(66);
        assertThat(cancelled.isCancelRequested()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void purgesOnlyTasksThatFinishedBeforeTheCutoff(DatabaseKind kind) {
        Database db = dbs.get(kind);
        Instant old = Instant.parse("2020-01-01T00:00:00Z");
        DataTaskLog then = new DataTaskLog(db, Clock.fixed(old, ZoneOffset.UTC));
        UUID finishedLongAgo = then.start(TaskKind.IMPORT, null, List.of("OLD"));
        then.finish(finishedLongAgo, TaskStatus.COMPLETED, null, null);
        UUID stillRunning = then.start(TaskKind.REFRESH, null, List.of("OLD"));
        DataTaskLog now = new DataTaskLog(db, Clock.systemUTC());
        UUID recent = now.start(TaskKind.IMPORT, null, List.of("NEW"));
        now.finish(recent, TaskStatus.COMPLETED, null, null);

        int purged = now.purgeFinishedBefore(old.plus(Duration.ofDays(1)));

        assertThat(purged).isEqualTo(1);
        assertThat(read(db, finishedLongAgo)).isNull();
        assertThat(read(db, stillRunning)).isNotNull();
        assertThat(read(db, recent)).isNotNull();
    }
}
