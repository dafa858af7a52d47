package dev.backtest.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
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
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * One server (the built uber-jar, auth on with a known HS256 secret, embedded defaults with sample
 * candles) for the checks of the contract: the served document equals the committed
 * {@code openapi.yaml} (as a document) and every {@code $ref} in it names a component it declares; the TypeScript
 * client generated from that file works against the server ({@code node --test} on the compiled
 * tests); Swagger UI at {@code /docs} lists the operations in headless Chromium.
 */
class ContractIT {

    /** The one-line fix printed when the served and committed documents differ. */
    static final String EXPORT_COMMAND = "openapi/export.sh";

    private static final String SECRET = "openapi-it-secret-of-at-least-32-characters";
    private static final Pattern SERVER_URL = Pattern.compile("(?m)^- url: https?://\\S+$");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
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

    /**
     * Compared as documents, not as text: Payara writes the members of its model objects (the
     * operations of a path, the parts of a response) in an order that can change from one start to
     * the next, which is no change of contract. Array order (parameters, enumerations, required) counts.
     */
    @Test
    void servedDocumentEqualsTheCommittedContract() throws Exception {
        Path committed = Path.of(System.getProperty("openapi.contract", "openapi.yaml"));
        String served = normalise(get("/openapi"));
        JsonNode expected = YAML.readTree(Files.readString(committed));
        JsonNode actual = YAML.readTree(served);
        if (!actual.equals(expected)) {
            Path copy = Path.of("target", "openapi.served.yaml");
            Files.writeString(copy, served);
            fail("The server's /openapi differs from the committed " + committed + " (served copy: " + copy.toAbsolutePath()
                    + "; first difference at " + firstDifference(expected, actual, "") + ").\n"
                    + "If the change is intended, re-export and commit it:  " + EXPORT_COMMAND);
        }
    }

    @Test
    void everyReferenceNamesAComponentOfTheServedDocument() throws Exception {
        JsonNode served = YAML.readTree(get("/openapi"));
        Set<String> references = new TreeSet<>();
        collectReferences(served, references);
        assertThat(references).as("references in /openapi").isNotEmpty();
        for (String reference : references) {
            assertThat(reference).as("a reference inside the document").startsWith("#/components/");
            assertThat(served.at(reference.substring(1)).isMissingNode()).as(reference + " is declared").isFalse();
        }
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
        assertThat(log).as("node test summary").contains("pass 9").contains("fail 0");
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

    private static void collectReferences(JsonNode node, Set<String> into) {
        if (node.isObject() && node.path("$ref").isTextual()) {
            into.add(node.path("$ref").asText());
        }
        node.forEach(child -> collectReferences(child, into));
    }

    /** The JSON pointer of the first member or item where the two documents differ. */
    private static String firstDifference(JsonNode expected, JsonNode actual, String at) {
        if (expected.isObject() && actual.isObject()) {
            Set<String> names = new TreeSet<>();
            expected.fieldNames().forEachRemaining(names::add);
            actual.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                if (!expected.path(name).equals(actual.path(name))) {
                    return firstDifference(expected.path(name), actual.path(name), at + "/" + name.replace("~", "~0").replace("/", "~1"));
                }
            }
        } else if (expected.isArray() && actual.isArray() && expected.size() == actual.size()) {
            for (int i = 0; i < expected.size(); i++) {
                if (!expected.get(i).equals(actual.get(i))) {
                    return firstDifference(expected.get(i), actual.get(i), at + "/" + i);
                }
            }
        }
        return (at.isEmpty() ? "/" : at) + " (committed: " + shorten(expected) + ", served: " + shorten(actual) + ")";
    }

    private static String shorten(JsonNode node) {
        String text = node.isMissingNode() ? "absent" : node.toString();
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
