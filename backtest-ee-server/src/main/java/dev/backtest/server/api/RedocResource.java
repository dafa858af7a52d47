package dev.backtest.server.api;

import dev.backtest.server.ServerInfo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The API reference as ReDoc renders it, at {@code /redoc} as the original application served it: the
 * {@code org.webjars:redoc} bundle from this server's own jar (no CDN) reading {@code /openapi.json}. Public. Only the
 * page and the bundle are served.
 */
@Path("/redoc")
@ApplicationScoped
public class RedocResource {

    static final String BUNDLE = "redoc.standalone.js";
    /**
     * The one thing the bundle loads from elsewhere: the logo of its "API docs by Redocly" link. The page's
     * Content-Security-Policy would block it (a console error on every visit), so the bundle is served with an empty
     * inline image there instead; the link stays.
     */
    static final String CDN_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg";
    static final String INLINE_LOGO = "data:image/svg+xml,%3Csvg%20xmlns%3D%27http%3A%2F%2Fwww.w3.org%2F2000%2Fsvg%27%2F%3E";

    @Inject
    ServerInfo info;

    private volatile byte[] bundle;

    @GET
    @Operation(hidden = true)
    public Response index() {
        InputStream in = RedocResource.class.getResourceAsStream("/redoc/index.html");
        if (in == null) {
            throw new NotFoundException();
        }
        return cached(Response.ok(in, "text/html; charset=UTF-8"));
    }

    @GET
    @Path("/{file}")
    @Operation(hidden = true)
    public Response file(@PathParam("file") String file) {
        if (!file.equals(BUNDLE)) {
            throw new NotFoundException();
        }
        return cached(Response.ok(bundle(), "text/javascript"));
    }

    /** The web jar's bundle without its CDN image, read once (0.9 MB). */
    private byte[] bundle() {
        byte[] b = bundle;
        if (b == null) {
            String path = "/META-INF/resources/webjars/redoc/" + info.redocVersion() + "/" + BUNDLE;
            try (InputStream in = RedocResource.class.getResourceAsStream(path)) {
                if (in == null) {
                    throw new NotFoundException();
                }
                b = replace(in.readAllBytes(), CDN_LOGO.getBytes(StandardCharsets.US_ASCII), INLINE_LOGO.getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + path, e);
            }
            bundle = b;
        }
        return b;
    }

    /** {@code bytes} with every occurrence of {@code what} replaced by {@code with}. */
    static byte[] replace(byte[] bytes, byte[] what, byte[] with) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
        int i = 0;
        int copied = 0;
        while (i <= bytes.length - what.length) {
            if (Arrays.equals(bytes, i, i + what.length, what, 0, what.length)) {
                out.write(bytes, copied, i - copied);
                out.write(with, 0, with.length);
                i += what.length;
                copied = i;
            } else {
                i++;
            }
        }
        out.write(bytes, copied, bytes.length - copied);
        return out.toByteArray();
    }

    private static Response cached(Response.ResponseBuilder ok) {
        CacheControl cache = new CacheControl();
        cache.setMaxAge(3600);
        return ok.cacheControl(cache).build();
    }
}
