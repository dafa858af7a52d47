package dev.backtest.server.api;

import org.eclipse.microprofile.openapi.annotations.Operation;
import dev.backtest.server.ServerInfo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Response;

import java.io.InputStream;
import java.util.Map;

/**
 * Interactive API documentation: Swagger UI from the {@code org.webjars:swagger-ui} jar, served by
 * this server (no CDN), reading {@code /openapi}. Public. Only the files listed here are served.
 */
@Path("/docs")
@ApplicationScoped
public class DocsResource {

    private static final Map<String, String> WEBJAR_FILES = Map.of(
            "swagger-ui.css", "text/css",
            "swagger-ui-bundle.js", "text/javascript",
            "swagger-ui-standalone-preset.js", "text/javascript",
            "favicon-32x32.png", "image/png",
            "favicon-16x16.png", "image/png");

    @Inject
    ServerInfo info;

    @GET
    @Operation(hidden = true)
    public Response index() {
        return resource("/docs/index.html", "text/html; charset=UTF-8");
    }

    @GET
    @Path("/{file}")
    @Operation(hidden = true)
    public Response file(@PathParam("file") String file) {
        if (file.equals("initializer.js")) {
            return resource("/docs/initializer.js", "text/javascript");
        }
        String type = WEBJAR_FILES.get(file);
        if (type == null) {
            throw new NotFoundException();
        }
        return resource("/META-INF/resources/webjars/swagger-ui/" + info.swaggerUiVersion() + "/" + file, type);
    }

    private static Response resource(String path, String type) {
        InputStream in = DocsResource.class.getResourceAsStream(path);
        if (in == null) {
            throw new NotFoundException();
        }
        CacheControl cache = new CacheControl();
        cache.setMaxAge(3600);
        return Response.ok(in, type).cacheControl(cache).build();
    }
}
