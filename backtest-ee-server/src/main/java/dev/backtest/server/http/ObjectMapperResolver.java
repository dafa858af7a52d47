package dev.backtest.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/**
 * Hands our configured mapper to whichever Jackson provider serves a request (ours, or one the
 * server registers itself), so JSON always looks the same.
 */
@Provider
public class ObjectMapperResolver implements ContextResolver<ObjectMapper> {

    private final ObjectMapper mapper = JsonProvider.mapper();

    @Override
    public ObjectMapper getContext(Class<?> type) {
        return mapper;
    }
}
