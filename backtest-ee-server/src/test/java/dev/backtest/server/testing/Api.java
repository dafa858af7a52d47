package dev.backtest.server.testing;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** Requests as one user: each carries the user's bearer token (none in development mode). */
public final class Api {

    private final Http http = new Http();
    private final ServerProcess server;
    private final String token;
    public final UUID user;

    public Api(ServerProcess server, UUID user, Function<UUID, String> tokenFor) {
        this.server = server;
        this.user = user;
        this.token = tokenFor == null ? null : tokenFor.apply(user);
    }

    public Http.Reply get(String path) {
        return http.send("GET", uri(path), null, headers(false));
    }

    public Http.Reply delete(String path) {
        return http.send("DELETE", uri(path), null, headers(false));
    }

    public Http.Reply post(String path, String json) {
        return http.send("POST", uri(path), json, headers(true));
    }

    public Http.Reply put(String path, String json) {
        return http.send("PUT", uri(path), json, headers(true));
    }

    private URI uri(String path) {
        return server.uri(path);
    }

    private String[] headers(boolean json) {
        List<String> h = new ArrayList<>();
        if (token != null) {
            h.add("Authorization");
            h.add("Bearer " + token);
        }
        if (json) {
            h.add("Content-Type");
            h.add("application/json");
        }
        return h.toArray(String[]::new);
    }
}
