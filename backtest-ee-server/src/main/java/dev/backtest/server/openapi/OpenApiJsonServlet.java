package dev.backtest.server.openapi;

import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * {@code GET /openapi.json}: the document of {@code /openapi} as JSON, at the address the original application served
 * it (ReDoc at {@code /redoc} reads it). Payara's OpenAPI endpoint is a servlet of this application's context and
 * answers JSON when asked with {@code Accept: application/json}: the request is forwarded to it in-process with that
 * header, so both addresses always serve the same document. Public, like {@code /openapi}.
 */
@WebServlet(urlPatterns = OpenApiJsonServlet.PATH)
public class OpenApiJsonServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    public static final String PATH = "/openapi.json";
    private static final String DOCUMENT = "/openapi";
    private static final String JSON = "application/json";

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws ServletException, IOException {
        req.getRequestDispatcher(DOCUMENT).forward(new AcceptingJson(req), res);
    }

    /** The request as asking for JSON, whatever its own {@code Accept} said. */
    private static final class AcceptingJson extends HttpServletRequestWrapper {

        AcceptingJson(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getHeader(String name) {
            return "Accept".equalsIgnoreCase(name) ? JSON : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return "Accept".equalsIgnoreCase(name) ? Collections.enumeration(List.of(JSON)) : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            List<String> names = Collections.list(super.getHeaderNames());
            if (names.stream().noneMatch("Accept"::equalsIgnoreCase)) {
                names.add("Accept");
            }
            return Collections.enumeration(names);
        }
    }
}
