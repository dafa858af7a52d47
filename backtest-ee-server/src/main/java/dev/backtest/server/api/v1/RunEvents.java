package dev.backtest.server.api.v1;

import dev.backtest.sdk.run.RunView;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import java.time.Duration;
import java.util.function.Supplier;

/** Polls a run and writes its changes as server-sent events until it finishes, the client leaves or the deadline passes. */
final class RunEvents {

    static final Duration POLL = Duration.ofMillis(250);
    /** A stream never outlives this; the client reconnects (or polls GET .../run) for longer runs. */
    static final Duration DEADLINE = Duration.ofMinutes(10);

    private RunEvents() {
    }

    static void stream(RunView first, Supplier<RunView> poll, SseEventSink sink, Sse sse) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        RunView last = null;
        RunView current = first;
        while (!sink.isClosed()) {
            if (last == null || !current.status().equals(last.status()) || current.progress() != last.progress()) {
                String name = current.finished() ? current.status() : "progress";
                sink.send(sse.newEventBuilder().name(name).id(current.id() + ":" + current.status() + ":" + current.progress())
                        .mediaType(MediaType.APPLICATION_JSON_TYPE).data(RunView.class, current).build()).toCompletableFuture().join();
                last = current;
            }
            if (current.finished() || System.nanoTime() > deadline) {
                return;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            current = poll.get();
        }
    }
}
