package dev.backtest.sdk.source.internal;

import dev.backtest.sdk.source.BarResolution;
import dev.backtest.sdk.source.BarSource;
import dev.backtest.sdk.source.FetchRequest;
import dev.backtest.sdk.source.SourceBar;

import java.util.Set;
import java.util.stream.Stream;

/**
 * What the built-in providers share: a fixed name, both resolutions, and a request checked before the provider sees
 * it ({@link #fetchChecked} gets a request with every field set).
 */
abstract class ProviderSource implements BarSource {

    private static final Set<BarResolution> BOTH = Set.of(BarResolution.MINUTE, BarResolution.DAILY);

    private final String name;

    ProviderSource(String name) {
        this.name = name;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public Set<BarResolution> resolutions() {
        return BOTH;
    }

    @Override
    public final Stream<SourceBar> fetch(FetchRequest request) {
        PagedBars.check(name, request);
        return fetchChecked(request);
    }

    /** {@link #fetch} of a request whose fields are all set. */
    abstract Stream<SourceBar> fetchChecked(FetchRequest request);
}
