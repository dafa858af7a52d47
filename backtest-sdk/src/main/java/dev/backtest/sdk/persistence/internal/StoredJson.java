package dev.backtest.sdk.persistence.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.json.BacktestJson;

import java.util.Map;
import java.util.TreeMap;

/**
 * JSON as the database keeps it (parameters, run snapshots, statistics, sweep requests and results): the SDK's one
 * JSON configuration ({@link BacktestJson}); parameter objects with their keys sorted, so equal maps store equal text.
 * Text that cannot be read back is {@link ErrorCode#DATA_CORRUPT}.
 *
 * <pre>{@code
 * String json = StoredJson.writeParameters(Map.of("slow", 30, "fast", 10));   // {"fast":10,"slow":30}
 * Map<String, Object> parameters = StoredJson.parameters(json);             // {fast=10, slow=30}
 * RunSnapshot s = StoredJson.read(run.getOptionsJson(), RunSnapshot.class);
 * }</pre>
 */
public final class StoredJson {

    /** Configured once and never changed afterwards, which makes it safe to share. */
    private static final ObjectMapper MAPPER = BacktestJson.newMapper();

    private StoredJson() {
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new BacktestException(ErrorCode.INTERNAL, "cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw corrupt(type.getSimpleName(), e);
        }
    }

    public static <T> T read(String json, TypeReference<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw corrupt(type.getType().getTypeName(), e);
        }
    }

    public static JsonNode tree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw corrupt("JSON", e);
        }
    }

    public static JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }

    /** A parameters object, keys sorted; null is {@code {}}. */
    public static String writeParameters(Map<String, Object> value) {
        return write(value == null ? Map.of() : new TreeMap<>(value));
    }

    /** A parameters object; null or blank is empty. */
    public static Map<String, Object> parameters(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        return read(json, new TypeReference<Map<String, Object>>() { });
    }

    private static BacktestException corrupt(String what, JsonProcessingException e) {
        return new BacktestException(ErrorCode.DATA_CORRUPT, "stored " + what + " cannot be read: " + e.getOriginalMessage(), e);
    }
}
