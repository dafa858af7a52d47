package dev.backtest.sdk.storage;

import java.util.List;
import java.util.Optional;

/**
 * One page of a listing, in key order. {@code nextCursor} is the key to pass as {@code startAfter}
 * for the next page, empty on the last page.
 */
public record ObjectPage(List<ObjectInfo> objects, Optional<String> nextCursor) {
    public ObjectPage {
        objects = List.copyOf(objects);
    }
}
