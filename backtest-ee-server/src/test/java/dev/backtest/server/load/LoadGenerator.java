package dev.backtest.server.load;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A closed-loop HTTP load generator for loopback tests: {@code concurrency} clients each run one scenario after
 * another, picked by weight, until the time or the request budget is used up — it always stops by itself. A
 * scenario sends one or more requests through its {@link Client}, which records each request's latency (send to
 * full body) and status under the endpoint name it is given, so a scenario of several requests is reported per
 * endpoint.
 */
public final class LoadGenerator {

    /** What a client does when it picks this target; {@code weight} is how often, relative to the others. */
    public record Target(String name, int weight, Scenario scenario) {

        /** A target that sends one request, recorded under {@code name}. */
        public static Target single(String name, int weight, Supplier<HttpRequest> request) {
            return new Target(name, weight, client -> client.send(name, request.get()));
        }
    }

    /** One or more requests sent through the client; an exception counts as one error of the target. */
    @FunctionalInterface
    public interface Scenario {
        void run(Client client) throws Exception;
    }

    /** What one endpoint saw. Errors are exceptions and non-2xx answers; 5xx are also counted apart. */
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

        public TargetStats target(String name) {
            return targets.stream().filter(t -> t.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no endpoint " + name + " in " + targets));
        }

        /** The figures as a Markdown table. */
        public String markdown() {
            StringBuilder sb = new StringBuilder("| endpoint | requests | req/s | p50 ms | p99 ms | errors | 5xx |\n|---|---:|---:|---:|---:|---:|---:|\n");
            for (TargetStats t : targets) {
                sb.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %.2f | %.2f | %d | %d |%n", t.name(), t.requests(),
                        t.requestsPerSecond(), t.p50Ms(), t.p99Ms(), t.errors(), t.serverErrors()));
            }
            sb.append(String.format(Locale.ROOT, "| **all** | %d | %.0f | | | %d | %d |%n", requests, requestsPerSecond,
                    errors(), serverErrors()));
            return sb.toString();
        }
    }

    /** One load client: its index, its random source, and the recording send. */
    public static final class Client {
        private final int index;
        private final SplittableRandom random;
        private final HttpClient http;
        private final Map<String, Recorder> recorders;
        private final AtomicLong budget;

        private Client(int index, HttpClient http, Map<String, Recorder> recorders, AtomicLong budget) {
            this.index = index;
            this.random = new SplittableRandom(index);
            this.http = http;
            this.recorders = recorders;
            this.budget = budget;
        }

        public int index() {
            return index;
        }

        public SplittableRandom random() {
            return random;
        }

        /** Sends {@code request}, records it under {@code endpoint}; a connection failure is recorded and rethrown. */
        public HttpResponse<String> send(String endpoint, HttpRequest request) throws IOException, InterruptedException {
            budget.decrementAndGet();
            Recorder recorder = recorders.computeIfAbsent(endpoint, k -> new Recorder());
            long sent = System.nanoTime();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                recorder.record(System.nanoTime() - sent, response.statusCode());
                return response;
            } catch (IOException e) {
                recorder.record(System.nanoTime() - sent, -1);
                throw e;
            }
        }
    }

    private LoadGenerator() {
    }

    public static Result run(List<Target> targets, int concurrency, Duration duration, long maxRequests) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        int totalWeight = targets.stream().mapToInt(Target::weight).sum();
        Map<String, Recorder> recorders = new ConcurrentHashMap<>();
        AtomicLong budget = new AtomicLong(maxRequests);
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < concurrency; c++) {
            Client client = new Client(c, http, recorders, budget);
            Thread t = new Thread(() -> {
                while (System.nanoTime() < deadline && budget.get() > 0) {
                    Target target = targets.get(pick(targets, client.random.nextInt(totalWeight)));
                    try {
                        target.scenario().run(client);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    } catch (IOException e) {
                        // recorded by Client.send
                    } catch (Exception e) {
                        recorders.computeIfAbsent(target.name() + " (scenario)", k -> new Recorder()).record(0, -1);
                    }
                }
            }, "load-client-" + c);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            try {
                t.join(duration.toMillis() + 60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<TargetStats> stats = new ArrayList<>();
        long total = 0;
        for (Map.Entry<String, Recorder> e : new TreeMap<>(recorders).entrySet()) {
            TargetStats s = e.getValue().stats(e.getKey(), seconds);
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

    /** Latencies of one endpoint, kept in full (runs are bounded), and its error counts. */
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
