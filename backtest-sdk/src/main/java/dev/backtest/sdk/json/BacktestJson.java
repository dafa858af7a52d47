package dev.backtest.sdk.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.backtest.engine.ClosedTrade;
import dev.backtest.engine.Stats;
import dev.backtest.engine.Timeframe;
import dev.backtest.engine.portfolio.PortfolioStats;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.backtest.sdk.asset.AssetClass;
import dev.backtest.sdk.audit.ActorKind;
import dev.backtest.sdk.index.IndexCurrent;
import dev.backtest.sdk.ml.ModelKind;
import dev.backtest.sdk.run.RunStatus;
import dev.backtest.sdk.task.TaskKind;
import dev.backtest.sdk.task.TaskStatus;

import java.io.IOException;
import java.time.Instant;

/**
 * The one JSON configuration of the SDK, the server and the command line: snake_case names, ISO-8601 times,
 * non-finite numbers as {@code null}, and the engine's types in the names of docs/engine.md (the engine itself
 * knows nothing of JSON). {@link #newMapper()} gives a mapper configured so; the server adds its request rules to
 * one.
 *
 * <pre>{@code
 * ObjectMapper json = BacktestJson.newMapper();
 * String stats = json.writeValueAsString(result.stats());   // {"start":"2024-01-01T00:00:00Z",...,"sharpe_ratio":1.2,...}
 * }</pre>
 */
public final class BacktestJson {

    private BacktestJson() {
    }

    /** A new mapper with this configuration (a mapper is thread-safe once configured; keep one). */
    public static ObjectMapper newMapper() {
        return configure(new ObjectMapper());
    }

    /** Gives {@code mapper} this configuration (the server's adds its request rules and its own stream factory). */
    public static ObjectMapper configure(ObjectMapper mapper) {
        return mapper
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .registerModule(new JavaTimeModule())
                .registerModule(module())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);
    }

    /**
     * The engine's types and numbers: {@link Stats} and {@link PortfolioStats} as their {@code NAMES} in order
     * ({@code start} and {@code end} ISO-8601), {@link ClosedTrade} with ISO-8601 times and {@code duration_days}, {@link Timeframe} as its
     * code, the audit trail's {@link ActorKind}, the task view's {@link TaskKind} and {@link TaskStatus}, the
     * {@link AssetClass} and the {@link RunStatus} as their wire names ({@code admin_token}, {@code refresh},
     * {@code running}, {@code crypto}, {@code completed}), {@link IndexCurrent}'s changes as {@code change_1d_pct} and
     * {@code change_1m_pct} (snake_case alone would not split the digit from the letters before it), and NaN or an
     * infinity as {@code null} wherever a {@code double} is written.
     */
    public static SimpleModule module() {
        SimpleModule module = new SimpleModule("backtest");
        NonFiniteAsNull nonFinite = new NonFiniteAsNull();
        module.addSerializer(Double.class, nonFinite);
        module.addSerializer(double.class, nonFinite);
        module.addSerializer(Stats.class, new StatsSerializer());
        module.addSerializer(PortfolioStats.class, new PortfolioStatsSerializer());
        module.addSerializer(ClosedTrade.class, new ClosedTradeSerializer());
        module.addSerializer(Timeframe.class, new TimeframeSerializer());
        module.addDeserializer(Timeframe.class, new TimeframeDeserializer());
        module.addSerializer(ActorKind.class, new ActorKindSerializer());
        module.addDeserializer(ActorKind.class, new ActorKindDeserializer());
        module.addSerializer(TaskKind.class, new WireSerializer<>(TaskKind::wire));
        module.addDeserializer(TaskKind.class, new WireDeserializer<>(TaskKind.values(), TaskKind::wire, "kind"));
        module.addSerializer(TaskStatus.class, new WireSerializer<>(TaskStatus::wire));
        module.addDeserializer(TaskStatus.class, new WireDeserializer<>(TaskStatus.values(), TaskStatus::wire, "status"));
        module.addSerializer(AssetClass.class, new WireSerializer<>(AssetClass::wire));
        module.addDeserializer(AssetClass.class, new WireDeserializer<>(AssetClass.values(), AssetClass::wire, "asset_class"));
        module.addSerializer(RunStatus.class, new WireSerializer<>(RunStatus::wire));
        module.addDeserializer(RunStatus.class, new WireDeserializer<>(RunStatus.values(), RunStatus::wire, "status"));
        module.addSerializer(ModelKind.class, new WireSerializer<>(ModelKind::wire));
        module.addDeserializer(ModelKind.class, new WireDeserializer<>(ModelKind.values(), ModelKind::wire, "kind"));
        module.setMixInAnnotation(IndexCurrent.class, IndexCurrentNames.class);
        return module;
    }

    /** The names {@link IndexCurrent} documents for its two changes with a digit in them. */
    private interface IndexCurrentNames {
        @JsonProperty("change_1d_pct")
        double change1dPct();

        @JsonProperty("change_1m_pct")
        double change1mPct();
    }

    static void number(JsonGenerator gen, String name, double value) throws IOException {
        gen.writeFieldName(name);
        if (Double.isFinite(value)) {
            gen.writeNumber(value);
        } else {
            gen.writeNull();
        }
    }

    private static final class NonFiniteAsNull extends JsonSerializer<Double> {
        @Override
        public void serialize(Double value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (value == null || !Double.isFinite(value)) {
                gen.writeNull();
            } else {
                gen.writeNumber(value);
            }
        }
    }

    /** A timeframe as its code ({@code "1h"}, {@code "1M"}), in both directions. */
    private static final class TimeframeSerializer extends JsonSerializer<Timeframe> {
        @Override
        public void serialize(Timeframe t, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(t.code());
        }
    }

    private static final class TimeframeDeserializer extends JsonDeserializer<Timeframe> {
        @Override
        public Timeframe deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return Timeframe.parse(p.getValueAsString());
        }
    }

    /** An actor kind as its wire name ({@code "user"}, {@code "admin"}, {@code "admin_token"}), in both directions. */
    private static final class ActorKindSerializer extends JsonSerializer<ActorKind> {
        @Override
        public void serialize(ActorKind k, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(k.wire());
        }
    }

    private static final class ActorKindDeserializer extends JsonDeserializer<ActorKind> {
        @Override
        public ActorKind deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return ActorKind.fromWire(p.getValueAsString());
        }
    }

    /** An enum as its lower-case wire name. */
    private static final class WireSerializer<E> extends JsonSerializer<E> {
        private final java.util.function.Function<E, String> wire;

        WireSerializer(java.util.function.Function<E, String> wire) {
            this.wire = wire;
        }

        @Override
        public void serialize(E value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(wire.apply(value));
        }
    }

    private static final class WireDeserializer<E> extends JsonDeserializer<E> {
        private final E[] values;
        private final java.util.function.Function<E, String> wire;
        private final String field;

        WireDeserializer(E[] values, java.util.function.Function<E, String> wire, String field) {
            this.values = values;
            this.wire = wire;
            this.field = field;
        }

        @Override
        public E deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String text = p.getValueAsString();
            for (E e : values) {
                if (wire.apply(e).equals(text)) {
                    return e;
                }
            }
            throw dev.backtest.error.FieldErrors.single(field, "must be one of " + java.util.Arrays.stream(values).map(wire)
                    .collect(java.util.stream.Collectors.joining(", ")) + "; got '" + text + "'");
        }
    }

    private static final class StatsSerializer extends JsonSerializer<Stats> {
        @Override
        public void serialize(Stats s, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeStartObject();
            for (String name : Stats.NAMES) {
                switch (name) {
                    case "start" -> gen.writeStringField(name, Instant.ofEpochSecond(s.start()).toString());
                    case "end" -> gen.writeStringField(name, Instant.ofEpochSecond(s.end()).toString());
                    case "trades" -> gen.writeNumberField(name, s.trades());
                    case "periods_per_year" -> gen.writeNumberField(name, s.periodsPerYear());
                    default -> number(gen, name, s.metric(name));
                }
            }
            gen.writeEndObject();
        }
    }

    private static final class PortfolioStatsSerializer extends JsonSerializer<PortfolioStats> {
        @Override
        public void serialize(PortfolioStats s, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeStartObject();
            for (String name : PortfolioStats.NAMES) {
                switch (name) {
                    case "start" -> gen.writeStringField(name, Instant.ofEpochSecond(s.start()).toString());
                    case "end" -> gen.writeStringField(name, Instant.ofEpochSecond(s.end()).toString());
                    case "rebalances" -> gen.writeNumberField(name, s.rebalances());
                    case "periods_per_year" -> gen.writeNumberField(name, s.periodsPerYear());
                    default -> number(gen, name, s.metric(name));
                }
            }
            gen.writeEndObject();
        }
    }

    private static final class ClosedTradeSerializer extends JsonSerializer<ClosedTrade> {
        @Override
        public void serialize(ClosedTrade t, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeStartObject();
            number(gen, "size", t.size());
            gen.writeNumberField("entry_bar", t.entryBar());
            gen.writeNumberField("exit_bar", t.exitBar());
            number(gen, "entry_price", t.entryPrice());
            number(gen, "exit_price", t.exitPrice());
            gen.writeStringField("entry_time", Instant.ofEpochSecond(t.entryTime()).toString());
            gen.writeStringField("exit_time", Instant.ofEpochSecond(t.exitTime()).toString());
            number(gen, "commission", t.commission());
            number(gen, "pnl", t.pnl());
            number(gen, "return_pct", t.returnPct());
            number(gen, "duration_days", t.durationDays());
            gen.writeEndObject();
        }
    }
}
