package dev.backtest.sdk.marketdata.internal;

import dev.backtest.sdk.storage.ObjectInfo;
import dev.backtest.sdk.storage.ObjectPage;
import dev.backtest.sdk.storage.ObjectStore;
import dev.backtest.sdk.storage.StoreStatus;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * An object store that passes every call to another, for the fault tests to override the calls they break.
 * {@link #beforeRemoteCall()} runs before each call that reaches the store over the network (not {@code bucket},
 * {@code status} or {@code close}).
 */
abstract class ForwardingObjectStore implements ObjectStore {

    protected final ObjectStore delegate;

    ForwardingObjectStore(ObjectStore delegate) {
        this.delegate = delegate;
    }

    /** Runs before list, stat, download, upload and presign; may throw to fail the call. */
    protected void beforeRemoteCall() {
    }

    @Override
    public String bucket() {
        return delegate.bucket();
    }

    @Override
    public StoreStatus status() {
        return delegate.status();
    }

    @Override
    public ObjectPage list(String prefix, int limit, String startAfter) {
        beforeRemoteCall();
        return delegate.list(prefix, limit, startAfter);
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        beforeRemoteCall();
        return delegate.stat(key);
    }

    @Override
    public ObjectInfo download(String key, Path target) {
        beforeRemoteCall();
        return delegate.download(key, target);
    }

    @Override
    public void delete(String key) {
        beforeRemoteCall();
        delegate.delete(key);
    }

    @Override
    public ObjectInfo upload(String key, Path source) {
        beforeRemoteCall();
        return delegate.upload(key, source);
    }

    @Override
    public URI presignedGet(String key, Duration expiry) {
        beforeRemoteCall();
        return delegate.presignedGet(key, expiry);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
