package dev.backtest.sdk.config;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A {@code .env} file as a configuration source: {@code KEY=value} lines, {@code #} comments and blank lines,
 * an optional {@code export } prefix, values optionally in single or double quotes (double quotes understand
 * {@code \n}, {@code \"} and {@code \\}). It sits below environment variables and system properties, so a
 * deployment can override any line; the file itself is never logged (it holds secrets).
 *
 * <pre>{@code
 * BacktestConfig config = BacktestConfig.builder()
 *         .lookups(k -> Optional.ofNullable(System.getenv(k)), DotEnv.read(Path.of(".env")).lookup())
 *         .build();
 * }</pre>
 *
 * @param values the keys and values of the file, in file order
 */
public record DotEnv(Map<String, String> values) {

    /** The file in the working directory that {@link BacktestConfig#builder()} reads. */
    public static final Path DEFAULT_FILE = Path.of(".env");

    public DotEnv {
        values = Map.copyOf(values);
    }

    /** No values: for a missing file. */
    public static DotEnv empty() {
        return new DotEnv(Map.of());
    }

    /**
     * Reads {@code file}; a missing file gives no values.
     *
     * @throws BacktestException {@link ErrorCode#INVALID_CONFIG} naming the line that is not {@code KEY=value}, or
     *         when the file cannot be read
     */
    public static DotEnv read(Path file) {
        if (!Files.isRegularFile(file)) {
            return empty();
        }
        try {
            return parse(file.toString(), Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw BacktestException.of(ErrorCode.INVALID_CONFIG, "cannot read " + file + ": " + e.getMessage());
        }
    }

    /** Parses the lines of a file called {@code name} (in messages). */
    static DotEnv parse(String name, List<String> lines) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ")) {
                line = line.substring("export ".length()).strip();
            }
            int eq = line.indexOf('=');
            String key = eq < 0 ? "" : line.substring(0, eq).strip();
            if (!key.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                // the line is not echoed: it may hold a secret
                throw BacktestException.of(ErrorCode.INVALID_CONFIG, name + " line " + (i + 1)
                        + " is not KEY=value (a key of letters, digits and _)").with("line", i + 1);
            }
            out.put(key, value(line.substring(eq + 1).strip()));
        }
        return new DotEnv(out);
    }

    /** This file as a lookup for {@link BacktestConfig.Builder#lookups}. */
    public Function<String, Optional<String>> lookup() {
        return key -> Optional.ofNullable(values.get(key));
    }

    /** The keys only: the values may be secrets. */
    @Override
    public String toString() {
        return "DotEnv" + values.keySet();
    }

    private static String value(String raw) {
        if (raw.length() >= 2 && raw.startsWith("'") && raw.endsWith("'")) {
            return raw.substring(1, raw.length() - 1);
        }
        if (raw.length() >= 2 && raw.startsWith("\"") && raw.endsWith("\"")) {
            StringBuilder sb = new StringBuilder();
            for (int i = 1; i < raw.length() - 1; i++) {
                char c = raw.charAt(i);
                if (c == '\\' && i + 1 < raw.length() - 1) {
                    char next = raw.charAt(++i);
                    sb.append(next == 'n' ? '\n' : next);
                } else {
                    sb.append(c);
                }
            }
            return sb.toString();
        }
        int comment = raw.indexOf(" #");
        return (comment >= 0 ? raw.substring(0, comment) : raw).strip();
    }
}
