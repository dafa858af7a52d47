package dev.backtest.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The main class of the uber-jar ({@code java -jar backtest-server.jar [payara-micro options]}): applies the
 * {@code PORT} setting that hosting platforms give, then starts Payara Micro with the arguments. The port is needed
 * before Payara starts, so it is read here, not by the application: a {@code --port} argument wins; otherwise
 * {@code PORT} from the environment, then from the system properties ({@code -DPORT=}), then from the {@code .env}
 * file of the working directory, then Payara's default 8080. A malformed {@code PORT} ends the start with exit code 3,
 * as any malformed setting does.
 *
 * <p>Put into the uber-jar after Payara built it ({@code jar --update --main-class}, see the module's pom): at its root
 * it runs beside Payara's boot classes and sees nothing of the application, so it depends on the JDK alone.
 */
public final class Launcher {

    static final String PAYARA_MAIN = "fish.payara.micro.PayaraMicro";
    static final String KEY = "PORT";
    static final String ACCEPTED = "an integer from 1 to 65535: the server's HTTP port";

    private Launcher() {
    }

    public static void main(String[] args) throws Exception {
        String[] effective;
        try {
            effective = arguments(args, System.getenv(), System.getProperty(KEY), Path.of(".env"));
        } catch (IllegalArgumentException e) {
            System.err.println("Backtest server cannot start: " + e.getMessage());
            System.exit(3);
            return;
        }
        Class.forName(PAYARA_MAIN).getMethod("main", String[].class).invoke(null, (Object) effective);
    }

    /**
     * Payara Micro's arguments: {@code args} as given, with {@code --port N} added when they name no port and
     * {@code PORT} is set (in {@code env}, then {@code property}, then {@code dotEnv}).
     *
     * @throws IllegalArgumentException naming the key, the value and the accepted form when PORT is malformed
     */
    static String[] arguments(String[] args, Map<String, String> env, String property, Path dotEnv) {
        // Payara reads its options without regard to case
        if (Arrays.stream(args).anyMatch(a -> a.equalsIgnoreCase("--port"))) {
            return args;
        }
        Optional<String> port = Optional.ofNullable(env.get(KEY)).or(() -> Optional.ofNullable(property)).or(() -> fromFile(dotEnv));
        if (port.isEmpty()) {
            return args;
        }
        String[] out = Arrays.copyOf(args, args.length + 2);
        out[args.length] = "--port";
        out[args.length + 1] = Integer.toString(parse(port.get()));
        return out;
    }

    static int parse(String value) {
        String v = value.strip();
        try {
            int port = Integer.parseInt(v);
            if (port >= 1 && port <= 65_535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(KEY + ": '" + value + "' is not valid; accepted: " + ACCEPTED);
    }

    /**
     * The {@code PORT} line of a {@code .env} file (read as the SDK's {@code DotEnv} reads it: {@code KEY=value}, an
     * optional {@code export }, optional quotes, a {@code " #"} comment after an unquoted value); the other lines are
     * the application's to read and check.
     */
    static Optional<String> fromFile(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
        String found = null;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.startsWith("export ")) {
                line = line.substring("export ".length()).strip();
            }
            int eq = line.indexOf('=');
            if (eq > 0 && line.substring(0, eq).strip().equals(KEY)) {
                found = unquote(line.substring(eq + 1).strip()); // the last line wins, as in a map
            }
        }
        return Optional.ofNullable(found);
    }

    private static String unquote(String raw) {
        if (raw.length() >= 2 && (raw.startsWith("'") && raw.endsWith("'") || raw.startsWith("\"") && raw.endsWith("\""))) {
            return raw.substring(1, raw.length() - 1);
        }
        int comment = raw.indexOf(" #");
        return (comment >= 0 ? raw.substring(0, comment) : raw).strip();
    }
}
