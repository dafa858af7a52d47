package dev.backtest.server.problem;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * A request body that is not valid JSON or does not fit the expected shape (unknown field, wrong
 * type): a 400 {@code VALIDATION_FAILED} problem naming the field, never a parser stack trace.
 */
@Provider
public class JsonBodyExceptionMapper implements ExceptionMapper<JsonProcessingException> {

    private static final Logger LOG = Logger.getLogger(JsonBodyExceptionMapper.class.getName());

    @Context
    HttpServletRequest request;

    @Override
    public Response toResponse(JsonProcessingException e) {
        if (e.getProcessor() instanceof JsonGenerator) {
            // writing a response failed: our bug, not the client's
            LOG.log(Level.SEVERE, "cannot write JSON on " + request.getMethod() + " " + request.getRequestURI(), e);
            return Problems.builder(500, "INTERNAL", "internal error; quote the request id when reporting it", request, Map.of())
                    .build();
        }
        String field = "body";
        String message;
        if (e instanceof UnrecognizedPropertyException u) {
            field = u.getPropertyName();
            message = "unknown field; accepted: " + u.getKnownPropertyIds().stream().map(Object::toString).sorted()
                    .collect(Collectors.joining(", "));
        } else if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            field = m.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."));
            message = "has the wrong type or form";
        } else {
            message = "is not valid JSON: " + e.getOriginalMessage();
        }
        return Problems.builder(400, "VALIDATION_FAILED", "the request body is invalid: " + field + ": " + message, request,
                Map.of("errors", List.of(Map.of("field", field, "message", message)))).build();
    }
}
