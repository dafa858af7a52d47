package dev.backtest.server.problem;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/** Anything unanticipated: logged with its stack trace, answered with a 500 problem that reveals nothing. */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = LoggerFactory.getLogger(UnexpectedExceptionMapper.class);

    @Context
    HttpServletRequest request;

    @Override
    public Response toResponse(Throwable e) {
        // a body reader may wrap Jackson's exception: still the client's mistake, not ours
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof com.fasterxml.jackson.core.JsonProcessingException json) {
                return JsonInputExceptionMapper.of(json, request);
            }
            if (t instanceof dev.backtest.error.BacktestException b) {
                return Problems.of(b, request);
            }
        }
        LOG.error("unexpected error on {} {}", request.getMethod(), request.getRequestURI(), e);
        return Problems.builder(500, "INTERNAL", "internal error; quote the request id when reporting it", request, Map.of()).build();
    }
}
