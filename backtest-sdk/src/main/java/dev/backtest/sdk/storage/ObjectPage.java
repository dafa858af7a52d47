package dev.backtest.sdk.storage;

import java.util.List;
import java.util.Optional;

/**
 * One page of a listing, in key order. {@code nextCursor} is the key to pass as {@code startAfter}
 * for the next page, empty on the last page.
 *
 * <pre>{@code
 * String cursor = null;
 * do {
 *     ObjectPage page = client.storage().list("ohlcv/1Y/symbol=BTC/", 100, cursor);
 *     page.objects().forEach(o -> System.out.println(o.key() + " " + o.size()));
 *     cursor = page.nextCursor().orElse(null);
 * } while (cursor != null);
 * }</pre>
 */
public record ObjectPage(List<ObjectInfo> objects, Optional<String> nextCursor) {
    public ObjectPage {
        objects = List.copyOf(objects);
    }
}
