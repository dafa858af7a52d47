package dev.backtest.server.problem;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/** SDK errors as problem documents with their stable code. */
@Provider
public class BacktestExceptionMapper implements ExceptionMapper<BacktestException> {

    private static final Logger LOG = LoggerFactory.getLogger(BacktestExceptionMapper.class);

    @Context
    HttpServletRequest request;

    @Override
    public Response toResponse(BacktestException e) {
        if (e.code().kind() == ErrorCode.Kind.INTERNAL || e.code().kind() == ErrorCode.Kind.UNAVAILABLE) {
            LOG.warn("request failed: {} {}", e.code(), e.getMessage(), e);
        }
        return Problems.of(e, request);
    }
}
