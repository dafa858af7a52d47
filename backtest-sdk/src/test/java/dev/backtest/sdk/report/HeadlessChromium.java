package dev.backtest.sdk.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Debian's Chromium ({@code /usr/bin/chromium}) driven headless over the DevTools protocol (the JDK's WebSocket client,
 * Jackson for the messages): open a page, evaluate JavaScript, move and press the mouse as a user would, take
 * screenshots, and collect the page's exceptions and console errors. Like the server's {@code ApiDocsBrowserIT}: where
 * Chromium is missing a test is skipped outside CI and fails in CI ({@code CI} set), since {@code .ci/run} installs it.
 *
 * <pre>{@code
 * HeadlessChromium.assumeInstalled("MyIT");
 * try (HeadlessChromium c = HeadlessChromium.start(1200, 1400)) {
 *     c.open(file.toUri());
 *     JsonNode n = c.evaluate("document.title");
 * }
 * }</pre>
 */
final class HeadlessChromium implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<Consumer<JsonNode>> listeners = new CopyOnWriteArrayList<>();
    /** Uncaught exceptions and console errors of the page, as text. */
    final List<String> problems = new CopyOnWriteArrayList<>();

    static void assumeInstalled(String test) {
        boolean present = Files.isExecutable(BINARY);
        if (!present && System.getenv("CI") == null) {
            System.out.println("[" + test + "] " + BINARY + " not installed: skipped (apt-get install chromium)");
        }
        assumeTrue(present || System.getenv("CI") != null, "Chromium not installed");
        assertThat(present).as("Chromium at " + BINARY + " (installed by .ci/run)").isTrue();
    }

    private HeadlessChromium(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    /** Starts Chromium with a window of that size and attaches to its first page. */
    static HeadlessChromium start(int width, int height) throws Exception {
        Path profile = Files.createTempDirectory("chromium-profile");
        Path log = profile.resolve("chromium.log");
        Process p = new ProcessBuilder(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
                "--remote-debugging-port=0", "--remote-allow-origins=*", "--force-device-scale-factor=1",
                "--window-size=" + width + "," + height, "--user-data-dir=" + profile, "about:blank")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        String browser = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (browser == null && System.nanoTime() < deadline && p.isAlive()) {
            Matcher m = LISTENING.matcher(Files.readString(log));
            if (m.find()) {
                browser = m.group(1);
            } else {
                Thread.onSpinWait();
                TimeUnit.MILLISECONDS.sleep(50);
            }
        }
        assertThat(browser).as("Chromium's DevTools address (log: " + log + ")").isNotNull();
        URI list = URI.create(browser.replaceFirst("^ws://([^/]+)/.*$", "http://$1/json/list"));
        HttpClient http = HttpClient.newHttpClient();
        String page = null;
        while (page == null && System.nanoTime() < deadline) {
            JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(list).build(), HttpResponse.BodyHandlers.ofString()).body());
            for (JsonNode t : targets) {
                if (t.path("type").asText().equals("page")) {
                    page = t.path("webSocketDebuggerUrl").asText();
                }
            }
        }
        assertThat(page).as("a page target").isNotNull();
        Listener listener = new Listener();
        WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(page), listener).get(30, TimeUnit.SECONDS);
        HeadlessChromium c = new HeadlessChromium(p, profile, ws);
        listener.owner = c;
        c.send("Runtime.enable", Map.of());
        c.send("Log.enable", Map.of());
        c.send("Page.enable", Map.of());
        return c;
    }

    /** Opens the page and waits for its load event. */
    void open(URI uri) throws Exception {
        CompletableFuture<JsonNode> loaded = event("Page.loadEventFired");
        send("Page.navigate", Map.of("url", uri.toString()));
        loaded.get(60, TimeUnit.SECONDS);
    }

    /** The value of a JavaScript expression (promises awaited); fails on an exception. */
    JsonNode evaluate(String expression) throws Exception {
        JsonNode r = send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
        assertThat(r.path("exceptionDetails").isMissingNode()).as("no exception evaluating " + expression + ": " + r).isTrue();
        return r.path("result").path("value");
    }

    /** Polls the expression until it is true, for at most {@code seconds}. */
    void await(String expression, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!evaluate(expression).asBoolean(false)) {
            assertThat(System.nanoTime()).as("waited for " + expression + "; page problems: " + problems).isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    /** A mouse event at a point of the viewport, as the user's mouse sends it ({@code mouseMoved}, {@code mousePressed}, ...). */
    void mouse(String type, double x, double y) throws Exception {
        send("Input.dispatchMouseEvent", Map.of("type", type, "x", x, "y", y, "button", type.equals("mouseMoved") ? "none" : "left",
                "clickCount", type.equals("mouseMoved") ? 0 : 1));
    }

    /** A PNG of the viewport. */
    byte[] screenshot() throws Exception {
        return Base64.getDecoder().decode(send("Page.captureScreenshot", Map.of("format", "png")).path("data").asText());
    }

    JsonNode send(String method, Map<String, Object> params) throws Exception {
        int id = ids.incrementAndGet();
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", JSON.valueToTree(params));
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        socket.sendText(JSON.writeValueAsString(message), true).get(30, TimeUnit.SECONDS);
        JsonNode r = reply.get(60, TimeUnit.SECONDS);
        assertThat(r.has("error")).as(method + " answered " + r).isFalse();
        return r.path("result");
    }

    private CompletableFuture<JsonNode> event(String method) {
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        listeners.add(e -> {
            if (e.path("method").asText().equals(method)) {
                f.complete(e.path("params"));
            }
        });
        return f;
    }

    private void received(String text) throws IOException {
        JsonNode m = JSON.readTree(text);
        if (m.has("id")) {
            CompletableFuture<JsonNode> f = pending.remove(m.path("id").asInt());
            if (f != null) {
                f.complete(m);
            }
            return;
        }
        switch (m.path("method").asText()) {
            case "Runtime.exceptionThrown" -> problems.add("exception: " + m.path("params").path("exceptionDetails"));
            case "Runtime.consoleAPICalled" -> {
                if (m.path("params").path("type").asText().matches("error|warning|assert")) {
                    problems.add("console: " + m.path("params").path("args"));
                }
            }
            case "Log.entryAdded" -> {
                if (m.path("params").path("entry").path("level").asText().matches("error|warning")) {
                    problems.add("log: " + m.path("params").path("entry").path("text").asText());
                }
            }
            default -> { }
        }
        listeners.forEach(l -> l.accept(m));
    }

    @Override
    public void close() throws Exception {
        socket.abort();
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        try (var files = Files.walk(profile)) {
            List<Path> all = new ArrayList<>(files.toList());
            java.util.Collections.reverse(all);
            for (Path f : all) {
                Files.deleteIfExists(f);
            }
        } catch (IOException ignored) {
            // a profile file still held open is left in the temporary folder
        }
    }

    private static final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        private volatile HeadlessChromium owner;

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String message = text.toString();
                text.setLength(0);
                try {
                    owner.received(message);
                } catch (IOException e) {
                    throw new IllegalStateException("DevTools sent no JSON: " + message, e);
                }
            }
            ws.request(1);
            return null;
        }
    }
}
