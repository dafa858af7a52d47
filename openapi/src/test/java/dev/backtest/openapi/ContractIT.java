package dev.backtest.openapi;

import dev.backtest.server.testing.ServerProcess;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * One server (the built uber-jar, auth on with a known HS256 secret, embedded defaults with sample
 * candles) for the checks of the contract: the served document equals the committed
 * {@code openapi.yaml} and every {@code $ref} in it names a component it declares; the TypeScript
 * client generated from that file works against the server ({@code node --test} on the compiled
 * tests); Swagger UI at {@code /docs} lists the operations in headless Chromium.
 */
class ContractIT {

    /** The one-line fix printed when the served and committed documents differ. */
    static final String EXPORT_COMMAND = "openapi/export.sh";

    private static final String SECRET = "openapi-it-secret-of-at-least-32-characters";
    private static final Pattern SERVER_URL = Pattern.compile("(?m)^- url: https?://\\S+$");
    private static final Pattern REFERENCE = Pattern.compile("\\$ref: \"?#/components/(schemas|responses)/([^\"\\s]+)\"?");
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private static ServerProcess server;

    @BeforeAll
    static void startServer() throws Exception {
        server = ServerProcess.start("contract", Files.createTempDirectory("backtest-contract-"), Map.of(
                "SUPABASE_JWT_SECRET", SECRET,
                // small, so that a month of 1-minute candles is a 422 without scanning much
                "CANDLE_MAX_ROWS", "5000"));
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    /** The server URL is the only difference that is not a change of contract (the port is random). */
    static String normalise(String yaml) {
        return SERVER_URL.matcher(yaml).replaceAll("- url: http://localhost:8080/");
    }

    @Test
    void servedDocumentEqualsTheCommittedContract() throws Exception {
        Path committed = Path.of(System.getProperty("openapi.contract", "openapi.yaml"));
        String served = normalise(get("/openapi"));
        String expected = Files.readString(committed);
        if (!served.equals(expected)) {
            Path actual = Path.of("target", "openapi.served.yaml");
            Files.writeString(actual, served);
            fail("The server's /openapi differs from the committed " + committed + " (served copy: " + actual.toAbsolutePath()
                    + "; first difference at line " + firstDifference(expected, served) + ").\n"
                    + "If the change is intended, re-export and commit it:  " + EXPORT_COMMAND);
        }
    }

    @Test
    void everyReferenceNamesAComponentOfTheServedDocument() throws Exception {
        String served = get("/openapi");
        Matcher ref = REFERENCE.matcher(served);
        Set<String> referenced = new TreeSet<>();
        while (ref.find()) {
            referenced.add(ref.group(1) + "/" + ref.group(2));
        }
        Set<String> declared = new TreeSet<>();
        for (String kind : List.of("schemas", "responses")) {
            componentNames(served, kind).forEach(name -> declared.add(kind + "/" + name));
        }
        assertThat(referenced).as("references in /openapi").isNotEmpty();
        assertThat(declared).as("components of /openapi").containsAll(referenced);
    }

    @Test
    void generatedTypeScriptClientDrivesTheServer() throws Exception {
        Path tests = Path.of(System.getProperty("openapi.ts.tests", "target/ts-build/test"));
        assertThat(tests.resolve("client.test.js")).as("compiled TypeScript tests (npm ci + tsc ran)").exists();
        Path out = Path.of("target", "node-test.log");
        ProcessBuilder pb = new ProcessBuilder("node", "--test", "--test-reporter=spec", tests.resolve("client.test.js").toString())
                .redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("BACKTEST_BASE_URL", server.uri("").toString());
        pb.environment().put("SUPABASE_JWT_SECRET", SECRET);
        Process node = pb.start();
        boolean finished = node.waitFor(180, TimeUnit.SECONDS);
        if (!finished) {
            node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String log = Files.readString(out);
        System.out.println(log);
        assertThat(finished).as("node --test finished within 180 s").isTrue();
        assertThat(node.exitValue()).as("node --test exit code; output:\n" + log).isZero();
        assertThat(log).as("node test summary").contains("pass 6").contains("fail 0");
    }

    @Test
    void swaggerUiListsTheOperationsInChromium() throws Exception {
        boolean present = Files.isExecutable(CHROMIUM);
        if (!present && System.getenv("CI") == null) {
            System.out.println("[ContractIT] /usr/bin/chromium not installed: browser check skipped (apt-get install chromium)");
        }
        assumeTrue(present || System.getenv("CI") != null, "Chromium not installed");
        assertThat(present).as("Chromium at " + CHROMIUM + " (installed by .ci/run)").isTrue();

        Path profile = Files.createTempDirectory("chromium-profile");
        Path dom = Path.of("target", "docs-dom.html");
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic", "--user-data-dir=" + profile, "--virtual-time-budget=10000", "--dump-dom",
                server.uri("/docs").toString()));
        Process chromium = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).redirectOutput(dom.toFile()).start();
        boolean finished = chromium.waitFor(90, TimeUnit.SECONDS);
        if (!finished) {
            chromium.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(finished).as("chromium finished within 90 s").isTrue();
        assertThat(chromium.exitValue()).as("chromium exit code").isZero();
        String html = Files.readString(dom);
        assertThat(html).as("Swagger UI rendered the document (DOM in " + dom.toAbsolutePath() + ")")
                .contains("opblock")
                .contains("Backtest API")
                .contains("/api/v1/ohlcv/data")
                .contains("/api/v1/strategies/{strategy_id}");
    }

    private static String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.uri(path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET " + path).isEqualTo(200);
        return r.body();
    }

    /** The names declared under {@code components: <kind>:} (two-space YAML indentation, as the server writes it). */
    private static List<String> componentNames(String yaml, String kind) {
        List<String> names = new ArrayList<>();
        boolean inComponents = false;
        boolean inKind = false;
        for (String line : yaml.split("\n")) {
            if (!line.startsWith(" ")) {
                inComponents = line.equals("components:");
                inKind = false;
            } else if (inComponents && line.matches("^  \\S.*")) {
                inKind = line.equals("  " + kind + ":");
            } else if (inKind && line.matches("^    [^ ].*:$")) {
                names.add(line.trim().replaceAll(":$", "").replace("\"", ""));
            }
        }
        return names;
    }

    private static int firstDifference(String a, String b) {
        String[] x = a.split("\n", -1);
        String[] y = b.split("\n", -1);
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            if (!x[i].equals(y[i])) {
                return i + 1;
            }
        }
        return Math.min(x.length, y.length) + 1;
    }
}
