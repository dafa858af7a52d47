package dev.backtest.server.problem;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.util.Map;

/** JAX-RS's own errors (unknown path, wrong method, unsupported media type, ...) as problem documents. */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Context
    HttpServletRequest request;

    @Override
    public Response toResponse(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String code = Problems.code(status);
        String detail = switch (status) {
            case 404 -> "no resource at " + request.getMethod() + " " + request.getRequestURI();
            case 405 -> request.getMethod() + " is not allowed on " + request.getRequestURI() + "; allowed: "
                    + String.join(", ", e.getResponse().getAllowedMethods());
            default -> status >= 500 ? "internal error" : safeMessage(e);
        };
        Response.ResponseBuilder r = Problems.builder(status, code, detail, request, Map.of());
        if (e instanceof NotAllowedException) {
            r.header(HttpHeaders.ALLOW, String.join(", ", e.getResponse().getAllowedMethods()));
        }
        return r.build();
    }

    private static String safeMessage(WebApplicationException e) {
        String m = e.getMessage();
        return m == null ? "request rejected" : m.length() > 300 ? m.substring(0, 300) : m;
    }
}
