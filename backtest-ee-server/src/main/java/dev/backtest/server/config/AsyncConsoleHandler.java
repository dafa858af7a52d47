package dev.backtest.server.config;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

/**
 * A console handler for the access log: a request formats its line on its own thread and queues it; one
 * background thread writes the queue to the console in batches. The JDK's console handler formats and writes
 * under one lock, which under load made every request wait for the others' log lines. Nothing is dropped: when
 * the queue is full (the console cannot keep up) a request waits for room, as it waited for the lock before.
 */
final class AsyncConsoleHandler extends Handler {

    private static final int CAPACITY = 65_536;

    private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final PrintStream out;
    private final Thread writer;
    private volatile boolean closed;

    AsyncConsoleHandler(Formatter formatter, PrintStream out) {
        this.out = out;
        setFormatter(formatter);
        writer = new Thread(this::drain, "backtest-access-log");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public void publish(LogRecord record) {
        if (closed || !isLoggable(record)) {
            return;
        }
        String line = getFormatter().format(record);
        try {
            queue.put(line);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void drain() {
        List<String> batch = new ArrayList<>(1024);
        while (!closed || !queue.isEmpty()) {
            try {
                String first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, 1023);
                StringBuilder text = new StringBuilder(batch.size() * 160);
                for (String line : batch) {
                    text.append(line);
                }
                out.print(text);
                out.flush();
                batch.clear();
            } catch (InterruptedException e) {
                // closing: the loop writes what is left, then ends
            }
        }
    }

    @Override
    public void flush() {
        out.flush();
    }

    /** Writes what is queued (waiting up to 5 s) and stops the writer. */
    @Override
    public void close() {
        closed = true;
        writer.interrupt();
        try {
            writer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
