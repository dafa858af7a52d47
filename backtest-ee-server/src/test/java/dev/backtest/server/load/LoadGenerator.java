package dev.backtest.server.load;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A closed-loop HTTP load generator for loopback tests: {@code concurrency} clients each send one
 * request after another, picking a target by weight, until the time or the request budget is used
 * up — it always stops by itself. Latency is measured per target from send to full body.
 */
public final class LoadGenerator {

    /** A kind of request and how often it is sent relative to the others. */
    public record Target(String name, int weight, Supplier<HttpRequest> request) {
    }

    /** What one target saw. Errors are exceptions and non-2xx answers; 5xx are also counted apart. */
    public record TargetStats(String name, long requests, long errors, long serverErrors, double p50Ms, double p99Ms,
                              double requestsPerSecond) {
    }

    public record Result(Duration elapsed, long requests, double requestsPerSecond, List<TargetStats> targets) {

        public long errors() {
            return targets.stream().mapToLong(TargetStats::errors).sum();
        }

        public long serverErrors() {
            return targets.stream().mapToLong(TargetStats::serverErrors).sum();
        }

        /** The figures as a Markdown table. */
        public String markdown() {
            StringBuilder sb = new StringBuilder("| endpoint | requests | req/s | p50 ms | p99 ms | errors | 5xx |\n|---|---:|---:|---:|---:|---:|---:|\n");
            for (TargetStats t : targets) {
                sb.append(String.format(java.util.Locale.ROOT, "| %s | %d | %.0f | %.2f | %.2f | %d | %d |%n", t.name(), t.requests(),
                        t.requestsPerSecond(), t.p50Ms(), t.p99Ms(), t.errors(), t.serverErrors()));
            }
            sb.append(String.format(java.util.Locale.ROOT, "| **all** | %d | %.0f | | | %d | %d |%n", requests, requestsPerSecond,
                    errors(), serverErrors()));
            return sb.toString();
        }
    }

    private LoadGenerator() {
    }

    public static Result run(List<Target> targets, int concurrency, Duration duration, long maxRequests) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        int totalWeight = targets.stream().mapToInt(Target::weight).sum();
        Recorder[] recorders = targets.stream().map(t -> new Recorder()).toArray(Recorder[]::new);
        AtomicLong budget = new AtomicLong(maxRequests);
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < concurrency; c++) {
            long seed = c;
            Thread t = new Thread(() -> {
                SplittableRandom random = new SplittableRandom(seed);
                while (System.nanoTime() < deadline && budget.getAndDecrement() > 0) {
                    int pick = pick(targets, random.nextInt(totalWeight));
                    long sent = System.nanoTime();
                    int status;
                    try {
                        status = http.send(targets.get(pick).request().get(), HttpResponse.BodyHandlers.discarding()).statusCode();
                    } catch (IOException e) {
                        status = -1;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    recorders[pick].record(System.nanoTime() - sent, status);
                }
            }, "load-client-" + c);
            t.setDaemon(true);
            clients.add(t);
            t.start();
        }
        for (Thread t : clients) {
            try {
                t.join(duration.toMillis() + 60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<TargetStats> stats = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < targets.size(); i++) {
            TargetStats s = recorders[i].stats(targets.get(i).name(), seconds);
            total += s.requests();
            stats.add(s);
        }
        return new Result(Duration.ofNanos((long) (seconds * 1e9)), total, total / seconds, stats);
    }

    private static int pick(List<Target> targets, int r) {
        int acc = 0;
        for (int i = 0; i < targets.size(); i++) {
            acc += targets.get(i).weight();
            if (r < acc) {
                return i;
            }
        }
        return targets.size() - 1;
    }

    /** Latencies of one target, kept in full (runs are bounded), and its error counts. */
    private static final class Recorder {
        private long[] nanos = new long[1024];
        private int n;
        private long errors;
        private long serverErrors;

        synchronized void record(long latency, int status) {
            if (n == nanos.length) {
                nanos = Arrays.copyOf(nanos, n * 2);
            }
            nanos[n++] = latency;
            if (status < 200 || status >= 300) {
                errors++;
            }
            if (status >= 500) {
                serverErrors++;
            }
        }

        synchronized TargetStats stats(String name, double seconds) {
            long[] sorted = Arrays.copyOf(nanos, n);
            Arrays.sort(sorted);
            return new TargetStats(name, n, errors, serverErrors, percentile(sorted, 0.50), percentile(sorted, 0.99), n / seconds);
        }

        private static double percentile(long[] sorted, double q) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int i = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
            return sorted[Math.max(0, i)] / 1e6;
        }
    }
}
