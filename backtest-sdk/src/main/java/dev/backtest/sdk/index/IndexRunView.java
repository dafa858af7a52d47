package dev.backtest.sdk.index;

import dev.backtest.sdk.run.RunStatus;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One run of an index, queued like a backtest run: its status, progress, attempts and error. In JSON: {@code id},
 * {@code index_id}, {@code status}, {@code progress}, {@code attempts}, {@code max_attempts},
 * {@code cancel_requested}, {@code queued_at}, {@code started_at}, {@code finished_at}, {@code error_code},
 * {@code error_message}.
 *
 * <pre>{@code
 * IndexRunView run = client.indexes().run(me, indexId);
 * while (!client.indexes().latestRun(me, indexId).status().finished()) Thread.sleep(200);
 * }</pre>
 */
public record IndexRunView(UUID id, UUID indexId, RunStatus status, int progress, int attempts, int maxAttempts,
                           boolean cancelRequested, OffsetDateTime queuedAt, OffsetDateTime startedAt, OffsetDateTime finishedAt,
                           String errorCode, String errorMessage) {
}
