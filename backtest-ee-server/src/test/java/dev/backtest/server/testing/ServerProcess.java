package dev.backtest.server.testing;

import dev.backtest.sdk.testing.Await;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The built uber-jar ({@code target/backtest-server.jar}) running in its own JVM on a free port,
 * with a fresh data directory and the given environment. Its output goes to a log file under
 * {@code target/server-logs}.
 */
public final class ServerProcess implements AutoCloseable {

    /** 240 s; a benchmark on a busy machine may allow more with {@code -Dbacktest.server.startSeconds=N}. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(Long.getLong("backtest.server.startSeconds", 240));

    private final Process process;
    private final int port;
    private final Path log;
    private final Path dataDir;
    private final long startMillis;

    private ServerProcess(Process process, int port, Path log, Path dataDir, long startMillis) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.dataDir = dataDir;
        this.startMillis = startMillis;
    }

    /** How a server is told its HTTP port. */
    public enum PortBy {
        /** {@code --port N} on the command line (what the tests use). */
        ARGUMENT,
        /** No argument: the {@code PORT} environment variable, as hosting platforms set it. */
        ENVIRONMENT
    }

    /** Starts the server and returns without waiting for it. */
    public static ServerProcess launch(String name, Path dataDir, Map<String, String> env) {
        return launch(name, dataDir, env, PortBy.ARGUMENT);
    }

    /** Starts the server, telling it its (free) port as {@code portBy} says, and returns without waiting for it. */
    public static ServerProcess launch(String name, Path dataDir, Map<String, String> env, PortBy portBy) {
        // absolute: the server runs in its data directory
        String jar = Path.of(System.getProperty("backtest.server.jar", "target/backtest-server.jar")).toAbsolutePath().toString();
        if (!Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("server jar " + jar + " is missing: run mvn package first");
        }
        try {
            int port = freePort();
            Path logDir = Files.createDirectories(Path.of("target", "server-logs"));
            Path log = logDir.resolve(name + ".log");
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m", "-XX:+UseSerialGC"));
            // extra JVM options for a benchmark run by hand, e.g. -Dbacktest.server.jvmArgs=-Xlog:gc:file=/tmp/gc.log
            String extra = System.getProperty("backtest.server.jvmArgs", "").strip();
            if (!extra.isEmpty()) {
                cmd.addAll(List.of(extra.split("\\s+")));
            }
            // the coverage agent of this test JVM, if any, measures the server too (one file: JaCoCo appends under a lock)
            ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                    .filter(a -> a.startsWith("-javaagent:") && a.contains("jacoco")).findFirst().ifPresent(cmd::add);
            cmd.addAll(List.of("-jar", jar));
            if (portBy == PortBy.ARGUMENT) {
                cmd.addAll(List.of("--port", Integer.toString(port)));
            }
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            // Only what the test sets: nothing from the developer's or CI's environment leaks in.
            pb.environment().keySet().removeIf(k -> k.startsWith("DATABASE_") || k.startsWith("DB_POOL") || k.startsWith("MINIO_")
                    || k.startsWith("SUPABASE_") || k.startsWith("BACKTEST_") || k.startsWith("RATE_LIMIT") || k.startsWith("CORS_")
                    || k.startsWith("CANDLE_") || k.startsWith("LOG_") || k.startsWith("HTTP_") || k.equals("DATA_SOURCES")
                    || k.startsWith("REFRESH_") || k.startsWith("SOURCE_") || k.startsWith("YAHOO_") || k.startsWith("ALPACA_")
                    || k.startsWith("TWELVE_DATA_") || k.startsWith("BINANCE_") || k.equals("SKIP_STARTUP_REFRESH"));
            pb.environment().put("BACKTEST_DATA_DIR", dataDir.toAbsolutePath().toString());
            pb.environment().putAll(env);
            if (portBy == PortBy.ENVIRONMENT) {
                pb.environment().put("PORT", Integer.toString(port));
            }
            pb.directory(dataDir.toFile());
            Files.createDirectories(dataDir);
            return new ServerProcess(pb.start(), port, log, dataDir.toAbsolutePath(), System.currentTimeMillis());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the server", e);
        }
    }

    /** Starts the server and waits until {@code /api/v1/health/ready} answers 200. */
    public static ServerProcess start(String name, Path dataDir, Map<String, String> env) {
        return start(name, dataDir, env, PortBy.ARGUMENT);
    }

    /** Starts the server, telling it its port as {@code portBy} says, and waits until {@code /api/v1/health/ready} answers 200. */
    public static ServerProcess start(String name, Path dataDir, Map<String, String> env, PortBy portBy) {
        ServerProcess server = launch(name, dataDir, env, portBy);
        try {
            server.awaitReady();
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** Waits until {@code /api/v1/health/ready} answers 200 (for servers started with {@link #launch}). */
    public void awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("server exited with " + process.exitValue() + "; log: " + log.toAbsolutePath());
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(uri("/api/v1/health/ready")).timeout(Duration.ofSeconds(5))
                        .build(), HttpResponse.BodyHandlers.discarding());
                last = "HTTP " + r.statusCode();
                if (r.statusCode() == 200) {
                    System.out.printf("[ServerProcess] %s ready on port %d after %d ms%n", log.getFileName(), port,
                            System.currentTimeMillis() - startMillis);
                    return;
                }
            } catch (IOException e) {
                last = e.toString(); // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            Await.sleep(Duration.ofMillis(250));
        }
        threadDump();
        throw new IllegalStateException("server not ready on port " + port + " within " + START_TIMEOUT + " (last: " + last + "); log "
                + "with a thread dump at its end: " + log.toAbsolutePath());
    }

    /** Appends the server's threads to its log (jcmd Thread.print), to tell a slow start from a stuck one. */
    private void threadDump() {
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(process.pid()),
                    "Thread.print").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            jcmd.waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            // the dump is a diagnostic only
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for the process to end by itself; returns its exit code, or empty if it still runs at the deadline. */
    public java.util.OptionalInt awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? java.util.OptionalInt.of(process.exitValue())
                    : java.util.OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.OptionalInt.empty();
        }
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** The server's {@code BACKTEST_DATA_DIR} (local object store under {@code objects/<bucket>}, file cache under {@code cache}). */
    public Path dataDir() {
        return dataDir;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Kills the process at once (SIGKILL, as {@code kill -9}): no shutdown hook, no graceful stop. */
    public void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("server process " + process.pid() + " still alive after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

}
