package dev.backtest.sdk.config;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * A database location resolved to a JDBC URL and credentials.
 *
 * <p>Accepted forms:
 * <ul>
 *   <li>{@code jdbc:postgresql://host:port/db?...} (credentials in the URL or none: trust auth)</li>
 *   <li>{@code postgresql://user:pass@host:port/db?...} or {@code postgres://...} (Heroku/Supabase style)</li>
 *   <li>{@code jdbc:h2:file:/path/to/db...} or {@code jdbc:h2:mem:name...}</li>
 * </ul>
 * PostgreSQL URLs get {@code stringtype=unspecified} (so JSON text binds to {@code jsonb}); H2 URLs
 * get {@code MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH} unless already set.
 *
 * <pre>{@code
 * DatabaseUrl url = DatabaseUrl.parse("postgresql://app:secret@db:5432/backtest");
 * url.jdbcUrl();   // jdbc:postgresql://db:5432/backtest?stringtype=unspecified
 * url.user();      // Optional[app]
 * }</pre>
 */
public record DatabaseUrl(DatabaseKind kind, String jdbcUrl, Optional<String> user, Optional<String> password) {

    /** The accepted forms, for error messages. */
    public static final String ACCEPTED_FORMS =
            "jdbc:postgresql://host:port/db, postgresql://user:password@host:port/db, jdbc:h2:file:/path/db or jdbc:h2:mem:name";

    private static final String H2_MODE = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";

    /** The embedded default: an H2 file database under {@code dataDir/db}. */
    public static DatabaseUrl embeddedH2(Path dataDir) {
        Path file = dataDir.toAbsolutePath().normalize().resolve("db").resolve("backtest");
        return new DatabaseUrl(DatabaseKind.H2, "jdbc:h2:file:" + file + H2_MODE, Optional.empty(), Optional.empty());
    }

    /**
     * Whether only this process can use the database: H2 in a file or in memory, not through an H2 server
     * ({@code tcp:}, {@code ssl:}) or with {@code AUTO_SERVER}.
     */
    public boolean inProcess() {
        String lower = jdbcUrl().toLowerCase(Locale.ROOT);
        return kind() == DatabaseKind.H2 && !lower.startsWith("jdbc:h2:tcp:") && !lower.startsWith("jdbc:h2:ssl:")
                && !lower.contains("auto_server=true");
    }

    /**
     * Parses a URL in one of the accepted forms.
     *
     * @throws BacktestException {@link ErrorCode#INVALID_CONFIG} naming {@code DATABASE_URL} and the accepted forms
     */
    public static DatabaseUrl parse(String raw) {
        String value = raw == null ? "" : raw.trim();
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:postgresql://")) {
            URI uri = uri(value.substring("jdbc:".length()), raw);
            requireHostAndDatabase(uri, raw);
            return new DatabaseUrl(DatabaseKind.POSTGRESQL, withStringTypeUnspecified(value), Optional.empty(), Optional.empty());
        }
        if (lower.startsWith("postgresql://") || lower.startsWith("postgres://")) {
            return fromLibpqUrl(value, raw);
        }
        if (lower.startsWith("jdbc:h2:")) {
            String rest = value.substring("jdbc:h2:".length());
            if (rest.isBlank() || rest.startsWith(";")) {
                throw invalid(raw, "an H2 URL needs a database path or name");
            }
            return new DatabaseUrl(DatabaseKind.H2, withH2Mode(value), Optional.empty(), Optional.empty());
        }
        throw invalid(raw, "unsupported scheme");
    }

    private static DatabaseUrl fromLibpqUrl(String value, String raw) {
        URI uri = uri(value, raw);
        requireHostAndDatabase(uri, raw);
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            String rawUser = colon < 0 ? userInfo : userInfo.substring(0, colon);
            user = Optional.of(decode(rawUser)).filter(u -> !u.isEmpty());
            if (colon >= 0) {
                password = Optional.of(decode(userInfo.substring(colon + 1)));
            }
        }
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        String jdbc = "jdbc:postgresql://" + uri.getHost() + ":" + port + uri.getRawPath() + query;
        return new DatabaseUrl(DatabaseKind.POSTGRESQL, withStringTypeUnspecified(jdbc), user, password);
    }

    private static URI uri(String value, String raw) {
        try {
            return new URI(value);
        } catch (URISyntaxException e) {
            throw invalid(raw, e.getReason());
        }
    }

    private static void requireHostAndDatabase(URI uri, String raw) {
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw invalid(raw, "missing host");
        }
        String path = uri.getPath();
        if (path == null || path.length() < 2 || path.indexOf('/', 1) >= 0) {
            throw invalid(raw, "missing or malformed database name");
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String withStringTypeUnspecified(String jdbc) {
        if (jdbc.toLowerCase(Locale.ROOT).contains("stringtype=")) {
            return jdbc;
        }
        return jdbc + (jdbc.contains("?") ? "&" : "?") + "stringtype=unspecified";
    }

    private static String withH2Mode(String jdbc) {
        String upper = jdbc.toUpperCase(Locale.ROOT);
        StringBuilder sb = new StringBuilder(jdbc);
        if (!upper.contains(";MODE=")) {
            sb.append(";MODE=PostgreSQL");
        }
        if (!upper.contains(";DATABASE_TO_LOWER=")) {
            sb.append(";DATABASE_TO_LOWER=TRUE");
        }
        if (!upper.contains(";DEFAULT_NULL_ORDERING=")) {
            sb.append(";DEFAULT_NULL_ORDERING=HIGH");
        }
        return sb.toString();
    }

    private static BacktestException invalid(String raw, String why) {
        return BacktestException.of(ErrorCode.INVALID_CONFIG,
                        "DATABASE_URL: '" + masked(raw) + "' is not a valid database URL (" + why + "); accepted: " + ACCEPTED_FORMS)
                .with("key", "DATABASE_URL");
    }

    /** The URL with any password replaced by {@code ***}, for logs and errors. */
    static String masked(String raw) {
        if (raw == null) {
            return "";
        }
        return raw.replaceAll("(://[^:/@]*:)[^@/]*@", "$1***@").replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    @Override
    public String toString() {
        return "DatabaseUrl[" + kind + " " + masked(jdbcUrl) + (user.map(u -> " user=" + u).orElse("")) + "]";
    }
}
