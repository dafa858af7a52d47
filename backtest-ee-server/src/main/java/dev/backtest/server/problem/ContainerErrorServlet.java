package dev.backtest.server.problem;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backtest.server.http.JsonProvider;
import dev.backtest.server.http.RequestIds;
import dev.backtest.server.http.TraceContext;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Map;

/**
 * The application's error page ({@code WEB-INF/web.xml}): errors the servlet container answers by
 * itself, outside JAX-RS, such as a path under {@code WEB-INF} or {@code META-INF} or an exception
 * escaping a servlet filter, become problem documents too, instead of the server's HTML page naming
 * the server. Requested directly it is an unknown path like any other.
 */
@WebServlet(urlPatterns = ContainerErrorServlet.PATH)
public class ContainerErrorServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    public static final String PATH = "/problems/container-error";
    private static final Logger LOG = LoggerFactory.getLogger(ContainerErrorServlet.class);
    private static final ObjectMapper JSON = JsonProvider.mapper();

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
        boolean dispatched = req.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) != null;
        int status = req.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer s && s >= 400 && s <= 599 ? s : 404;
        String path = dispatched && req.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri ? uri : req.getRequestURI();
        String method = req.getMethod();
        if (status >= 500 && req.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable t) {
            LOG.error("unexpected error on {} {}", method, path, t);
        }
        // Requests the container refuses never passed the request id filter: give them an id and a trace here.
        String id = RequestIds.of(req);
        if (id == null) {
            id = RequestIds.accept(req.getHeader(RequestIds.HEADER));
        }
        TraceContext trace = TraceContext.of(req);
        if (trace == null) {
            trace = TraceContext.accept(req.getHeader(TraceContext.HEADER));
        }
        String detail = status == 404 ? "no resource at " + method + " " + path
                : status >= 500 ? "internal error; quote the request id when reporting it" : "the request was refused";
        Problem problem = Problems.problem(status, Problems.code(status), detail, id, path, Map.of());
        res.resetBuffer();
        res.setStatus(status);
        res.setHeader(RequestIds.HEADER, id);
        res.setHeader(TraceContext.HEADER, trace.traceparent());
        res.setHeader("X-Content-Type-Options", "nosniff");
        res.setHeader("Cache-Control", "no-store");
        res.setContentType(Problem.MEDIA_TYPE);
        res.setCharacterEncoding("UTF-8");
        if (!"HEAD".equals(method)) {
            JSON.writeValue(res.getOutputStream(), problem);
        }
    }
}
