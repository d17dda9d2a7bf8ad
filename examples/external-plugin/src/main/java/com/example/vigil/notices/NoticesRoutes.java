package com.example.vigil.notices;

import java.util.Map;

import dev.vigil.api.LiveConfig;
import dev.vigil.api.http.ApiException;
import dev.vigil.api.http.Caller;
import dev.vigil.api.http.JsonSupport;
import dev.vigil.api.http.QueryParams;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** Short handlers that read the request, call {@link NoticeBoard}, and answer JSON. */
final class NoticesRoutes {

    static final int MAX_TEXT = 280;

    private final LiveConfig<NoticesConfig> config;
    private final NoticeBoard board;
    private final JsonSupport json;

    NoticesRoutes(LiveConfig<NoticesConfig> config, NoticeBoard board, JsonSupport json) {
        this.config = config;
        this.board = board;
        this.json = json;
    }

    /** A new notice's body. */
    record NewNotice(String text) {
    }

    void board(ServerRequest request, ServerResponse response) {
        int limit = QueryParams.integer(request, "limit", 20, 1, 200);
        json.send(response, Map.of("title", config.get().title(), "notices", board.newest(limit)));
    }

    void post(ServerRequest request, ServerResponse response) {
        NewNotice notice = json.read(request, NewNotice.class);
        if (notice.text() == null || notice.text().isBlank()) {
            throw ApiException.invalidField("text", "is required");
        }
        if (notice.text().length() > MAX_TEXT) {
            throw ApiException.invalidField("text", "is longer than " + MAX_TEXT + " characters");
        }
        board.post(notice.text(), Caller.of(request).tokenName());
        json.send(response, Status.CREATED_201, Map.of("stored", true));
    }
}
