package dev.backtest.sdk.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;

import java.util.Map;
import java.util.TreeMap;

/**
 * JSON object columns ({@code parameters}) to and from maps, with keys sorted so equal maps store equal
 * text. Public for the services of the {@code strategy} and {@code backtest} packages; not part of the
 * API users call.
 *
 * <pre>{@code
 * String json = JsonColumns.write(Map.of("slow", 30, "fast", 10));   // {"fast":10,"slow":30}
 * Map<String, Object> parameters = JsonColumns.read(json);          // {fast=10, slow=30}
 * }</pre>
 */
public final class JsonColumns {

    /** Configured once and never changed afterwards, which makes it safe to share. */
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private JsonColumns() {
    }

    public static String write(Map<String, Object> value) {
        try {
            return MAPPER.writeValueAsString(value == null ? Map.of() : new TreeMap<>(value));
        } catch (JsonProcessingException e) {
            throw new BacktestException(ErrorCode.INTERNAL, "cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static Map<String, Object> read(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            return MAPPER.readValue(json, new TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new BacktestException(ErrorCode.DATA_CORRUPT, "stored JSON is not an object: " + e.getOriginalMessage(), e);
        }
    }
}
