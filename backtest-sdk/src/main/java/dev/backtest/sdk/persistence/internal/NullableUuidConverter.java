package dev.backtest.sdk.persistence.internal;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import java.util.UUID;

/**
 * Maps a nullable UUID column. EclipseLink 4.0's built-in UUID converter throws a
 * NullPointerException when reading a NULL, so optional foreign keys use this instead.
 *
 * <pre>{@code
 * // on an entity field whose column may be NULL, as Backtest.strategyId:
 * private @Column(name = "strategy_id") @Convert(converter = NullableUuidConverter.class) UUID strategyId;
 *
 * UUID none = new NullableUuidConverter().convertToEntityAttribute(null);   // null, no NullPointerException
 * }</pre>
 */
@Converter
public class NullableUuidConverter implements AttributeConverter<UUID, Object> {

    @Override
    public Object convertToDatabaseColumn(UUID attribute) {
        return attribute;
    }

    @Override
    public UUID convertToEntityAttribute(Object dbData) {
        if (dbData == null) {
            return null;
        }
        return dbData instanceof UUID u ? u : UUID.fromString(dbData.toString());
    }
}
