package dev.backtest.server.api.v1;

import dev.backtest.sdk.PageRequest;

/** The OpenAPI wording of the list parameters that {@link PageRequest#parse} reads, from its own constants. */
final class Paging {

    static final String LIMIT = "Page size";
    static final String MAX = "" + PageRequest.MAX_LIMIT;
    static final String DEFAULT = "" + PageRequest.DEFAULT_LIMIT;
    static final String OFFSET = "Items to skip (offset paging); not together with cursor";
    static final String CURSOR = "next_cursor of the previous page (an opaque token for the next offset); not together with offset";
    static final String SORT = "-created_at: newest first (default); created_at: oldest first; name: by name";

    private Paging() {
    }
}
