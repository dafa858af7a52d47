package dev.backtest.server.api.v1;

import dev.backtest.error.FieldErrors;
import dev.backtest.sdk.audit.AuditFilter;
import dev.backtest.sdk.page.PageRequest;

/** The query parameters of an audit listing, parsed together so that one problem names every bad one. */
record AuditQuery(AuditFilter filter, PageRequest page) {

    static AuditQuery parse(String resourceType, String from, String to, String limit, String offset, String cursor, String sort) {
        FieldErrors errors = new FieldErrors();
        AuditFilter filter = errors.collect(() -> AuditFilter.parse(resourceType, from, to));
        PageRequest page = errors.collect(() -> PageRequest.parse(limit, offset, cursor, sort));
        errors.throwIfAny();
        return new AuditQuery(filter, page);
    }
}
