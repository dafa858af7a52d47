package dev.backtest.server.api;

import dev.backtest.server.ServerInfo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /}: what this service is and where to go next. Public. */
@Path("/")
@Tag(name = "service")
@ApplicationScoped
public class RootResource {

    @Inject
    ServerInfo info;

    /** The service's name, version and links. */
    public record ServiceIndex(String service, String version, String description,
                               @Schema(description = "Name → path: health, health_detailed, health_ready, health_live, metrics, "
                                       + "openapi, openapi_json, docs, redoc") Map<String, String> links) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getServiceIndex", summary = "Service name, version and links")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "ServiceIndex")))
    public ServiceIndex index() {
        Map<String, String> links = new LinkedHashMap<>();
        links.put("health", "/api/v1/health/");
        links.put("health_detailed", "/api/v1/health/detailed");
        links.put("health_ready", "/api/v1/health/ready");
        links.put("health_live", "/health/live");
        links.put("metrics", "/metrics");
        links.put("openapi", "/openapi");
        links.put("openapi_json", "/openapi.json");
        links.put("docs", "/docs");
        links.put("redoc", "/redoc");
        return new ServiceIndex(info.name(), info.version(), "Trading-strategy backtesting API", links);
    }
}
