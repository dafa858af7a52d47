package dev.backtest.sdk.ml.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.backtest.engine.Timeframe;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.ml.ModelInfo;
import dev.backtest.sdk.ml.ModelKind;
import dev.backtest.sdk.ml.ModelSpec;
import dev.backtest.sdk.ml.TrainedModel;
import dev.backtest.sdk.storage.ObjectInfo;
import dev.backtest.sdk.storage.ObjectPage;
import dev.backtest.sdk.storage.ObjectStore;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Models as objects: {@code models/{owner}/{id}/model.bin} (the fitted model) and {@code models/{owner}/{id}/meta.json}
 * (its {@link ModelInfo}). The owner in the key is the ownership: a model is found only under its owner's prefix. The
 * metadata is written last, so a model whose upload was interrupted has no metadata and does not exist.
 *
 * <pre>{@code
 * ModelStore store = new ModelStore(client.storage());
 * store.save(owner, model);
 * Optional<ModelInfo> info = store.info(owner, model.info().id());
 * }</pre>
 */
public final class ModelStore {

    static final String META = "meta.json";
    static final String MODEL = "model.bin";
    /** Most models listed per user: a list reads each one's metadata. */
    static final int MAX_LISTED = 10_000;

    private final ObjectStore store;
    private final ObjectMapper json = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .findAndRegisterModules();

    public ModelStore(ObjectStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** The stored form of {@link ModelInfo}: plain values, snake_case. */
    record Meta(String id, String name, String symbol, String timeframe, String kind, int lags, List<String> features, int horizon,
                int maxDepth, int epochs, String firstTrainingBar, String lastTrainingBar, int trainingBars, int samples,
                String fingerprint, Map<String, Double> metrics, String createdAt) {

        static Meta of(ModelInfo m) {
            ModelSpec s = m.spec();
            return new Meta(m.id().toString(), m.name(), m.symbol(), m.timeframe().code(), s.kind().wire(), s.lags(), s.features(),
                    s.horizon(), s.maxDepth(), s.epochs(), m.firstTrainingBar().toString(), m.lastTrainingBar().toString(),
                    m.trainingBars(), m.samples(), m.fingerprint(), m.metrics(), m.createdAt().toString());
        }

        ModelInfo info() {
            return new ModelInfo(UUID.fromString(id), name, symbol, Timeframe.parse(timeframe),
                    new ModelSpec(ModelKind.parse(kind), lags, features, horizon, maxDepth, epochs), Instant.parse(firstTrainingBar),
                    Instant.parse(lastTrainingBar), trainingBars, samples, fingerprint, metrics, Instant.parse(createdAt));
        }
    }

    static String prefix(UUID owner) {
        return "models/" + owner + "/";
    }

    static String key(UUID owner, UUID id, String file) {
        return prefix(owner) + id + "/" + file;
    }

    /** Stores the model and its metadata under {@code owner}. */
    public void save(UUID owner, TrainedModel model) {
        UUID id = model.info().id();
        upload(key(owner, id, MODEL), out -> model.write(out));
        upload(key(owner, id, META), out -> json.writeValue(out, Meta.of(model.info())));
    }

    /** The metadata of {@code owner}'s model {@code id}, if there is one. */
    public Optional<ModelInfo> info(UUID owner, UUID id) {
        String key = key(owner, id, META);
        if (store.stat(key).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(download(key, in -> json.readValue(in, Meta.class).info()));
    }

    /** {@code owner}'s model {@code id}, ready to predict, if there is one. */
    public Optional<TrainedModel> load(UUID owner, UUID id) {
        return info(owner, id).map(info -> download(key(owner, id, MODEL), in -> TrainedModel.read(in, info)));
    }

    /** The ids of {@code owner}'s models, oldest first (ids are time-ordered). */
    public List<UUID> ids(UUID owner) {
        List<UUID> out = new ArrayList<>();
        String after = null;
        while (out.size() < MAX_LISTED) {
            ObjectPage page = store.list(prefix(owner), 1000, after);
            for (ObjectInfo o : page.objects()) {
                String rest = o.key().substring(prefix(owner).length());
                if (rest.endsWith("/" + META)) {
                    try {
                        out.add(UUID.fromString(rest.substring(0, rest.length() - META.length() - 1)));
                    } catch (IllegalArgumentException e) {
                        // not a model's folder: something else stored under the prefix
                    }
                }
            }
            if (page.nextCursor().isEmpty()) {
                break;
            }
            after = page.nextCursor().get();
        }
        return out;
    }

    /** Removes the model, metadata first so that it stops existing at once. */
    public void delete(UUID owner, UUID id) {
        store.delete(key(owner, id, META));
        store.delete(key(owner, id, MODEL));
    }

    private interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private interface Reader<T> {
        T read(InputStream in) throws IOException;
    }

    private void upload(String key, Writer writer) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile("model-", ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                writer.write(out);
            }
            store.upload(key, tmp);
        } catch (IOException e) {
            throw new BacktestException(ErrorCode.STORAGE_ERROR, "cannot write " + key + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    private <T> T download(String key, Reader<T> reader) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile("model-", ".tmp");
            store.download(key, tmp);
            try (InputStream in = Files.newInputStream(tmp)) {
                return reader.read(in);
            }
        } catch (IOException e) {
            throw new BacktestException(ErrorCode.DATA_CORRUPT, "cannot read " + key + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // a temporary file left behind is harmless
            }
        }
    }
}
