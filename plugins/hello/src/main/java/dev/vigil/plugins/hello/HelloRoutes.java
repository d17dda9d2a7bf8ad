package dev.vigil.plugins.hello;

import java.util.Map;

import dev.vigil.api.LiveConfig;
import dev.vigil.api.http.ApiException;
import dev.vigil.api.http.Caller;
import dev.vigil.api.http.JsonSupport;
import dev.vigil.api.http.QueryParams;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** Short handlers that read the request, call {@link NoteBook}, and answer JSON. */
final class HelloRoutes {

    private final LiveConfig<HelloConfig> config;
    private final NoteBook notes;
    private final JsonSupport json;
    private final Runnable noteAdded;

    HelloRoutes(LiveConfig<HelloConfig> config, NoteBook notes, JsonSupport json, Runnable noteAdded) {
        this.config = config;
        this.notes = notes;
        this.json = json;
        this.noteAdded = noteAdded;
    }

    /** A new note's body. */
    record NewNote(String text) {
    }

    void greeting(ServerRequest request, ServerResponse response) {
        json.send(response, Map.of("greeting", config.get().greeting(), "to", Caller.of(request).tokenName()));
    }

    void listNotes(ServerRequest request, ServerResponse response) {
        int limit = QueryParams.integer(request, "limit", 20, 1, 500);
        json.send(response, Map.of("notes", notes.newest(limit)));
    }

    void addNote(ServerRequest request, ServerResponse response) {
        NewNote note = json.read(request, NewNote.class);
        if (note.text() == null || note.text().isBlank()) {
            throw ApiException.invalidField("text", "is required");
        }
        int max = config.get().maxNoteLength();
        if (note.text().length() > max) {
            throw ApiException.invalidField("text", "is longer than " + max + " characters");
        }
        notes.add(note.text(), Caller.of(request).tokenName());
        noteAdded.run();
        json.send(response, Status.CREATED_201, Map.of("stored", true));
    }
}
