package dev.backtest.server.marketdata;

import dev.backtest.error.FieldErrors;
import dev.backtest.sdk.config.WatchedSymbol;
import dev.backtest.sdk.marketdata.RefreshRequest;
import dev.backtest.sdk.source.BarSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Body of {@code POST /api/v1/admin/refresh}: the symbols to bring up to date, or none for the configured watchlist
 * ({@code REFRESH_SYMBOLS}). Plain records: the OpenAPI scanner derives their schemas.
 */
public record RefreshBody(List<RefreshSymbol> symbols) {

    /** The most symbols one request may name. */
    public static final int MAX_SYMBOLS = 500;
    private static final String FILE_SOURCE = "file";

    /**
     * The refresh this body asks for: its symbols from the enabled sources but {@code file} (whose provider symbol is
     * a path on the server: an HTTP caller uploads the file instead), or, when it names none, the configured watchlist
     * from every enabled source.
     *
     * @throws dev.backtest.error.BacktestException {@code VALIDATION_FAILED} listing every field at fault, or when
     *         neither the body nor the watchlist names a symbol
     */
    public static RefreshRequest request(RefreshBody body, List<WatchedSymbol> watchlist, Map<String, BarSource> enabled) {
        if (body == null || body.symbols() == null || body.symbols().isEmpty()) {
            if (watchlist.isEmpty()) {
                throw FieldErrors.single("symbols", "required: no symbols given and no watchlist configured (REFRESH_SYMBOLS)");
            }
            return RefreshRequest.of(watchlist, enabled);
        }
        if (body.symbols().size() > MAX_SYMBOLS) {
            throw FieldErrors.single("symbols", body.symbols().size() + " symbols; accepted: at most " + MAX_SYMBOLS);
        }
        Map<String, BarSource> remote = new LinkedHashMap<>(enabled);
        remote.remove(FILE_SOURCE);
        FieldErrors errors = new FieldErrors();
        List<WatchedSymbol> out = new ArrayList<>(body.symbols().size());
        for (int i = 0; i < body.symbols().size(); i++) {
            RefreshSymbol s = body.symbols().get(i);
            String field = "symbols[" + i + "]";
            if (s == null) {
                errors.add(field, "required");
                continue;
            }
            out.add(RefreshRequest.parseSymbol(field, s.symbol(), s.source(), s.providerSymbol(), s.resolution(), remote, errors));
        }
        errors.throwIfAny();
        return RefreshRequest.of(out, remote);
    }
}
