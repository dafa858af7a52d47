package dev.backtest.server.problem;

import dev.backtest.server.storage.GuardedStorage;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * A store call refused by Fault Tolerance (breaker open, timed out, too many in flight): the store
 * is unavailable, try again later.
 */
@Provider
public class FaultToleranceExceptionMapper implements ExceptionMapper<FaultToleranceException> {

    private static final Logger LOG = LoggerFactory.getLogger(FaultToleranceExceptionMapper.class);

    @Context
    HttpServletRequest request;

    @Override
    public Response toResponse(FaultToleranceException e) {
        String detail = e instanceof CircuitBreakerOpenException
                ? "the object store failed repeatedly; requests to it are paused, try again later"
                : "the object store did not answer in time; try again later";
        LOG.warn("{} ({})", detail, e.getClass().getSimpleName());
        return Problems.builder(503, "STORAGE_UNAVAILABLE", detail, request, Map.of())
                .header("Retry-After", Integer.toString(GuardedStorage.RETRY_AFTER_SECONDS)).build();
    }
}
