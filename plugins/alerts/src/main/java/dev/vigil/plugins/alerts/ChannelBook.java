package dev.vigil.plugins.alerts;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import dev.vigil.api.LiveConfig;
import dev.vigil.api.http.ApiException;
import dev.vigil.api.http.JsonSupport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The channels in force: those of the config file, and those made through the API, which take precedence over a
 * file channel of the same name. Deleting an API channel brings the file channel of that name back; a file channel
 * itself is changed only in the file. API channels are read from the database at each use, so every node of a
 * cluster sends to the same channels. Secrets are write-only ({@link WriteOnlySecrets}).
 */
final class ChannelBook {

    /** Where a channel in force comes from. */
    enum Source { FILE, API }

    /** A channel in force, with its origin. */
    record Effective(Channel channel, Source source, boolean overridesFileChannel, Instant updatedAt,
                     String updatedBy) {
    }

    /** The outcome of a PUT. */
    record Stored(Effective channel, boolean created) {
    }

    /** What a view adds to a channel: a client that PUTs a view back may leave them in; they are not the channel's. */
    private static final Set<String> VIEW_ONLY = Set.of("source", "overrides_file_channel", "updated_at",
                                                        "updated_by");

    private final LiveConfig<AlertsConfig> config;
    private final NamedBodyStore store;
    private final JsonSupport json;
    private final ObjectMapper mapper;
    private final Set<String> fields;
    private final Clock clock;
    private final System.Logger log;

    ChannelBook(LiveConfig<AlertsConfig> config, NamedBodyStore store, JsonSupport json, Clock clock,
                System.Logger log) {
        this.config = config;
        this.store = store;
        this.json = json;
        this.mapper = json.mapper();
        this.fields = new TreeSet<>();
        for (BeanPropertyDefinition property : mapper.getSerializationConfig()
                .introspect(mapper.constructType(Channel.class)).findProperties()) {
            fields.add(property.getName()); // as the API spells them: min_severity, subject_prefix, ...
        }
        this.clock = clock;
        this.log = log;
    }

    /** Every channel in force, by name. */
    List<Effective> effective() {
        Map<String, Effective> byName = new LinkedHashMap<>();
        for (Channel channel : config.get().channels()) {
            byName.put(channel.name(), new Effective(channel, Source.FILE, false, null, null));
        }
        for (NamedBodyStore.StoredBody stored : store.all()) {
            Channel channel;
            try {
                channel = mapper.readValue(stored.body(), Channel.class);
            } catch (JsonProcessingException e) {
                // Stored bodies were valid when written: a later, stricter check can refuse one. Say which and why,
                // in the words of the API's refusals (never the stored text, which holds the channel's secrets).
                log.log(System.Logger.Level.WARNING, "stored channel {0} cannot be read and is ignored: {1}",
                        stored.name(), refusal(e).getMessage());
                continue;
            }
            boolean overrides = byName.containsKey(channel.name());
            byName.put(channel.name(), new Effective(channel, Source.API, overrides, stored.updatedAt(),
                                                     stored.updatedBy()));
        }
        List<Effective> channels = new ArrayList<>(byName.values());
        channels.sort(Comparator.comparing(e -> e.channel().name()));
        return channels;
    }

    /**
     * The channels to notify now. When the database cannot be read, the file's channels: better some notifications
     * than none while the database is away.
     */
    List<Channel> inForce() {
        try {
            return effective().stream().map(Effective::channel).toList();
        } catch (RuntimeException e) {
            log.log(System.Logger.Level.WARNING, "API channels cannot be read; notifying the file''s channels only: "
                    + "{0}", e.getMessage());
            return config.get().channels();
        }
    }

    Optional<Effective> find(String name) {
        return effective().stream().filter(e -> e.channel().name().equals(name)).findFirst();
    }

    /** Validates and stores an API channel; 400 naming the field when it is invalid. */
    Stored put(String name, JsonNode body, String actor) {
        ObjectNode wanted = Bodies.named(name, body, "channel");
        wanted.remove(VIEW_ONLY);
        // Unknown fields first: a misspelt key should be named as such, not as a missing one.
        Bodies.rejectUnknown(wanted, fields);
        Optional<Effective> current = find(name);
        // Secrets are kept for a channel that stays of its type; another type needs its own.
        if (current.isPresent() && current.get().channel().type().label().equals(wanted.path("type").asText())) {
            WriteOnlySecrets.keep(wanted, current.get().channel(), json);
        }
        Channel channel = read(wanted);
        WriteOnlySecrets.refuseMasks(channel, json);
        String text;
        try {
            text = mapper.writeValueAsString(channel);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a valid channel cannot be written as JSON", e);
        }
        boolean created = store.put(name, text, actor, clock.instant());
        return new Stored(find(name).orElseThrow(), created);
    }

    /**
     * Deletes an API channel. A channel only in the file is refused with a 409 (it would come back at the next
     * read); an unknown name is a 404.
     */
    Optional<Effective> delete(String name) {
        if (store.delete(name)) {
            return find(name);
        }
        if (config.get().channels().stream().anyMatch(channel -> channel.name().equals(name))) {
            throw ApiException.conflict("channel '" + name + "' comes from config/plugins/alerts.yaml: remove it "
                                                + "there, or PUT a channel of that name with \"enabled\": false to "
                                                + "switch it off", Map.of("channel", name, "source", "file"));
        }
        throw ApiException.notFound("no channel is named '" + name + "'");
    }

    private Channel read(ObjectNode body) {
        try {
            return mapper.treeToValue(body, Channel.class);
        } catch (JsonProcessingException e) {
            throw refusal(e);
        }
    }

    /**
     * The 400 for a body Jackson refused. Channel checks run in its constructors and name the field in their
     * message ({@code smtp.host: is required}), in the file's kebab-case: it is given in the API's snake_case.
     */
    private ApiException refusal(JsonProcessingException error) {
        if (error instanceof ValueInstantiationException && error.getCause() instanceof IllegalArgumentException check
                && check.getMessage() != null) {
            String message = check.getMessage();
            int colon = message.indexOf(": ");
            if (colon > 0 && !message.substring(0, colon).contains(" ")) {
                String field = message.substring(0, colon);
                // Header names keep their spelling; only the channel's own keys are kebab-case in the file.
                String apiField = field.startsWith("headers.") ? field : field.replace('-', '_');
                return ApiException.invalidField(apiField, message.substring(colon + 2));
            }
        }
        return json.badBody(error);
    }
}
