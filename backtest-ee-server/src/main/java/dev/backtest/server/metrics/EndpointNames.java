package dev.backtest.server.metrics;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

import java.lang.reflect.Method;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Names the matched endpoint by its path template ({@code /api/v1/ohlcv/symbols/{symbol}/range}),
 * never by the concrete path, so per-endpoint metrics stay few whatever clients send. The name is
 * left in a request attribute for {@link RequestMetricsFilter}, which times the whole response,
 * including a streamed body.
 */
@Provider
public class EndpointNames implements ContainerRequestFilter {

    /** The request attribute holding the endpoint's path template. */
    public static final String ATTRIBUTE = "dev.backtest.endpoint";

    private static final ConcurrentHashMap<Method, String> TEMPLATES = new ConcurrentHashMap<>();

    @Context
    ResourceInfo resource;

    @Context
    HttpServletRequest request;

    @Override
    public void filter(ContainerRequestContext context) {
        Method method = resource.getResourceMethod();
        if (method != null && request != null) {
            request.setAttribute(ATTRIBUTE, TEMPLATES.computeIfAbsent(method, m -> template(resource.getResourceClass(), m)));
        }
    }

    private static String template(Class<?> type, Method method) {
        String base = type.isAnnotationPresent(Path.class) ? type.getAnnotation(Path.class).value() : "";
        String sub = method.isAnnotationPresent(Path.class) ? method.getAnnotation(Path.class).value() : "";
        String joined = ("/" + base + "/" + sub).replaceAll("/+", "/");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }
}
