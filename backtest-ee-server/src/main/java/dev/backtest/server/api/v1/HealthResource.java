package dev.backtest.server.api.v1;

import dev.backtest.sdk.BacktestClient;
import dev.backtest.sdk.DependencyHealth;
import dev.backtest.sdk.HealthReport;
import dev.backtest.server.ServerInfo;
import dev.backtest.server.config.DevelopmentMode;
import dev.backtest.server.openapi.OpenApiNames;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The health routes of the existing API, kept for its clients: summary, per dependency, readiness. Public. */
@Path("/api/v1/health")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "health")
@ApplicationScoped
public class HealthResource {

    @Inject
    BacktestClient client;

    @Inject
    ServerInfo info;

    public record Summary(String status, String service, String version, @Schema(format = "date-time") Instant timestamp) {
    }

    public record Dependency(String status, double latencyMs, String detail) {
    }

    public record Auth(String mode, String warning) {
    }

    public record Detailed(String status, String service, String version, String environment, Instant timestamp,
                           long uptimeSeconds, Map<String, Dependency> dependencies, Auth auth) {
    }

    public record Readiness(boolean ready, List<String> failing) {
    }

    @GET
    @Path("/")
    @Operation(operationId = "getHealth", summary = "Service status and version")
    @APIResponse(responseCode = "200", description = "Always healthy while the server answers",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Summary")))
    public Summary summary() {
        return new Summary("healthy", info.name(), info.version(), now());
    }

    @GET
    @Path("/detailed")
    @Operation(operationId = "getHealthDetailed", summary = "Status per dependency; 503 when one is down")
    @APIResponse(responseCode = "200", description = "All dependencies up",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.HEALTH_DETAILS)))
    @APIResponse(responseCode = "503", description = "A dependency is down",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.HEALTH_DETAILS)))
    public Response detailed() {
        HealthReport report = client.health();
        Map<String, Dependency> deps = new LinkedHashMap<>();
        for (DependencyHealth d : report.dependencies()) {
            deps.put(d.name(), new Dependency(d.up() ? "up" : "down", d.latency().toNanos() / 1e6, d.detail()));
        }
        Auth auth = client.config().authDisabled()
                ? new Auth("development", DevelopmentMode.SHORT_WARNING)
                : new Auth("jwt", null);
        Detailed body = new Detailed(report.up() ? "healthy" : "unhealthy", info.name(), info.version(), client.config().appEnv(), now(),
                Duration.between(info.startedAt(), Instant.now()).toSeconds(), deps, auth);
        return Response.status(report.up() ? 200 : 503).entity(body).build();
    }

    @GET
    @Path("/ready")
    @Operation(operationId = "getReadiness", summary = "Ready to serve; 503 with the failing dependencies otherwise")
    @APIResponse(responseCode = "200", description = "Ready",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.READINESS)))
    @APIResponse(responseCode = "503", description = "Not ready; Retry-After: 5",
            headers = @Header(name = "Retry-After", description = "Seconds to wait", schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.READINESS)))
    public Response ready() {
        HealthReport report = client.health();
        List<String> failing = report.dependencies().stream().filter(d -> !d.up()).map(DependencyHealth::name).toList();
        Response.ResponseBuilder r = Response.status(failing.isEmpty() ? 200 : 503).entity(new Readiness(failing.isEmpty(), failing));
        if (!failing.isEmpty()) {
            r.header("Retry-After", "5");
        }
        return r.build();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
