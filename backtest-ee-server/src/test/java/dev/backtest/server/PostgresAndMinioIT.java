package dev.backtest.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backtest.sdk.storage.internal.MinioObjectStore;
import dev.backtest.sdk.testing.S3Server;
import dev.backtest.sdk.testing.TestDatabases;
import dev.backtest.server.testing.Http;
import dev.backtest.server.testing.ServerProcess;
import dev.backtest.server.testing.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The uber-jar configured by environment for PostgreSQL and an S3 server: migrated schema, every dependency up. */
class PostgresAndMinioIT {

    private static S3Server s3;
    private static String databaseUrl;
    private static ServerProcess server;
    private static final Tokens TOKENS = new Tokens();
    private static final java.util.UUID USER = java.util.UUID.randomUUID();
    private final Http http = new Http();

    @BeforeAll
    static void start() throws Exception {
        s3 = S3Server.start();
        databaseUrl = TestDatabases.freshPostgresSchema();
        Path dir = Files.createTempDirectory("backtest-pg-it-");
        server = ServerProcess.start("postgres-minio", dir, Map.of(
                "DATABASE_URL", databaseUrl,
                "DB_POOL_MIN", "1",
                "DB_POOL_MAX", "4",
                "MINIO_ENDPOINT", s3.endpoint(),
                "MINIO_ACCESS_KEY", S3Server.ACCESS_KEY,
                "MINIO_SECRET_KEY", S3Server.SECRET_KEY,
                "MINIO_BUCKET", "it-bucket",
                "SUPABASE_JWT_SECRET", Tokens.SECRET,
                "SUPABASE_URL", Tokens.SUPABASE_URL));
        try (MinioObjectStore store = new MinioObjectStore(URI.create(s3.endpoint()), S3Server.ACCESS_KEY, S3Server.SECRET_KEY,
                "it-bucket")) {
            for (int i = 1; i <= 3; i++) {
                Path file = dir.resolve("doc-" + i + ".txt");
                Files.writeString(file, "document number " + i);
                store.upload("docs/doc-" + i + ".txt", file);
            }
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (s3 != null) {
            s3.close();
        }
        if (databaseUrl != null) {
            TestDatabases.dropSchema(databaseUrl);
        }
    }

    @Test
    void detailedHealthShowsPostgresAndMinioUpAndAuthOn() {
        Http.Reply r = http.get(server.uri("/api/v1/health/detailed"));
        assertThat(r.status()).isEqualTo(200);
        JsonNode deps = r.json().path("dependencies");
        assertThat(deps.path("database").path("status").asText()).isEqualTo("up");
        assertThat(deps.path("database").path("detail").asText()).isEqualTo("postgresql");
        assertThat(deps.path("object_store").path("status").asText()).isEqualTo("up");
        assertThat(deps.path("object_store").path("detail").asText()).startsWith("minio " + s3.endpoint()).contains("it-bucket");
        assertThat(deps.path("duckdb").path("status").asText()).isEqualTo("up");
        assertThat(r.json().path("auth").path("mode").asText()).isEqualTo("jwt");
        assertThat(server.log()).doesNotContain("DEVELOPMENT MODE");
    }

    @Test
    void schemaIsMigratedInTheConfiguredSchema() throws Exception {
        try (Connection c = DriverManager.getConnection(databaseUrl); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM flyway_schema_history WHERE success")) {
                rs.next();
                assertThat(rs.getInt(1)).isGreaterThanOrEqualTo(2);
            }
            for (String table : new String[] {"users", "strategies", "backtests", "trades", "backtest_runs", "run_results",
                    "run_trades", "scheduled_tasks", "optimizations", "optimization_chunks"}) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
                    assertThat(rs.next()).as(table).isTrue();
                }
            }
        }
    }

    /** A GET of an authenticated route with a valid token of one user. */
    private Http.Reply api(String path) {
        return http.get(server.uri(path), "Authorization", "Bearer " + TOKENS.hs256(USER));
    }

    @Test
    void storageRoutesNeedAToken() {
        Http.Reply r = http.get(server.uri("/api/v1/storage/status"));
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().path("code").asText()).isEqualTo("TOKEN_MISSING");
    }

    @Test
    void theBucketIsCreatedButNotSeeded() {
        Http.Reply r = http.get(server.uri("/health/ready"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(server.log()).doesNotContain("Seeded the empty object store");
    }

    @Test
    void storageStatusReportsTheS3BucketReachable() {
        Http.Reply r = api("/api/v1/storage/status");
        assertThat(r.status()).isEqualTo(200);
        JsonNode s = r.json();
        assertThat(s.path("kind").asText()).isEqualTo("minio");
        assertThat(s.path("location").asText()).isEqualTo(s3.endpoint());
        assertThat(s.path("bucket").asText()).isEqualTo("it-bucket");
        assertThat(s.path("reachable").asBoolean()).isTrue();
        assertThat(s.path("bucket_exists").asBoolean()).isTrue();
        assertThat(s.path("object_count").asLong()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void storageListingPagesThroughTheBucket() {
        JsonNode first = api("/api/v1/storage/objects?prefix=docs/&limit=2").json();
        assertThat(first.path("count").asInt()).isEqualTo(2);
        assertThat(first.path("next_cursor").asText()).isEqualTo("docs/doc-2.txt");
        JsonNode second = api("/api/v1/storage/objects?prefix=docs/&limit=2&cursor=docs/doc-2.txt").json();
        List<String> keys = new ArrayList<>();
        first.path("objects").forEach(o -> keys.add(o.path("key").asText()));
        second.path("objects").forEach(o -> keys.add(o.path("key").asText()));
        assertThat(keys).containsExactly("docs/doc-1.txt", "docs/doc-2.txt", "docs/doc-3.txt");
        assertThat(second.path("next_cursor").isNull()).isTrue();
        assertThat(second.path("objects").get(0).path("size").asLong()).isEqualTo("document number 3".length());
    }

    @Test
    void storagePrefixTraversalIsRejectedBeforeReachingS3() {
        Http.Reply r = api("/api/v1/storage/objects?prefix=docs/../../other-bucket/");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().path("code").asText()).isEqualTo("INVALID_KEY");
    }

    @Test
    void presignedUrlDownloadsTheObjectWithAPlainGet() throws Exception {
        Http.Reply r = api("/api/v1/storage/objects/url?key=docs/doc-2.txt&expires=120");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.path("key").asText()).isEqualTo("docs/doc-2.txt");
        assertThat(body.path("expires_in").asLong()).isEqualTo(120);
        assertThat(java.time.Instant.parse(body.path("expires_at").asText()))
                .isBetween(java.time.Instant.now().plusSeconds(100), java.time.Instant.now().plusSeconds(125));
        String url = body.path("url").asText();
        assertThat(url).startsWith(s3.endpoint() + "/it-bucket/docs/doc-2.txt?").contains("X-Amz-Expires=120");
        HttpResponse<String> download = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo("document number 2");
    }

    @Test
    void presignedUrlOfAMissingObjectIs404() {
        Http.Reply r = api("/api/v1/storage/objects/url?key=docs/missing.txt");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().path("code").asText()).isEqualTo("OBJECT_NOT_FOUND");
    }
}
