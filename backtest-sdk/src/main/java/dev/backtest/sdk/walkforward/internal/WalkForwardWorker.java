package dev.backtest.sdk.walkforward.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The thread that runs the client's walk-forwards one after another (each window's sweep already uses every core), shared
 * by the client's plain and acting services; closed with the client (a walk-forward in progress is interrupted and
 * left as it was stored).
 *
 * <pre>{@code
 * try (WalkForwardWorker worker = new WalkForwardWorker()) { worker.submit(() -> ...); }
 * }</pre>
 */
public final class WalkForwardWorker implements AutoCloseable {

    private final ExecutorService executor;

    public WalkForwardWorker() {
        this("walk-forward");
    }

    /** A worker whose thread is called {@code threadName} (the scenarios submitted over HTTP have one of their own). */
    public WalkForwardWorker(String threadName) {
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    public void submit(Runnable work) {
        executor.execute(work);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
