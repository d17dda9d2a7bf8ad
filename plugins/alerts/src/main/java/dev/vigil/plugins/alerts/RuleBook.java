package dev.vigil.plugins.alerts;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.vigil.api.LiveConfig;
import dev.vigil.api.http.ApiException;
import dev.vigil.api.http.JsonSupport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The rules in force: those of the config file, and those made through the API, which take precedence over a file
 * rule of the same name. Deleting an API rule brings the file rule of that name back; a file rule itself is
 * changed only in the file. API rules are read from the database at each use, so every node of a cluster sees them.
 */
final class RuleBook {

    /** Where a rule in force comes from. */
    enum Source { FILE, API }

    /** A rule in force, with its origin. */
    record Effective(Rule rule, Source source, boolean overridesFileRule, Instant updatedAt, String updatedBy) {
    }

    /** The outcome of a PUT. */
    record Stored(Effective rule, boolean created) {
    }

    private static final java.util.Set<String> FIELDS = java.util.Arrays.stream(Rule.class.getRecordComponents())
            .map(java.lang.reflect.RecordComponent::getName)
            .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));

    private final LiveConfig<AlertsConfig> config;
    private final NamedBodyStore store;
    private final JsonSupport json;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final System.Logger log;

    RuleBook(LiveConfig<AlertsConfig> config, NamedBodyStore store, JsonSupport json, Clock clock, System.Logger log) {
        this.config = config;
        this.store = store;
        this.json = json;
        this.mapper = json.mapper();
        this.clock = clock;
        this.log = log;
    }

    /** Every rule in force, by name. */
    List<Effective> effective() {
        Map<String, Effective> byName = new LinkedHashMap<>();
        for (Rule rule : config.get().rules()) {
            byName.put(rule.name(), new Effective(rule, Source.FILE, false, null, null));
        }
        for (NamedBodyStore.StoredBody stored : store.all()) {
            Rule rule;
            try {
                rule = mapper.readValue(stored.body(), Rule.class);
            } catch (JsonProcessingException | IllegalArgumentException e) {
                log.log(System.Logger.Level.WARNING, "stored rule {0} cannot be read and is ignored: {1}",
                        stored.name(), e.getMessage());
                continue;
            }
            boolean overrides = byName.containsKey(rule.name());
            byName.put(rule.name(), new Effective(rule, Source.API, overrides, stored.updatedAt(), stored.updatedBy()));
        }
        List<Effective> rules = new ArrayList<>(byName.values());
        rules.sort(java.util.Comparator.comparing(e -> e.rule().name()));
        return rules;
    }

    Optional<Effective> find(String name) {
        return effective().stream().filter(e -> e.rule().name().equals(name)).findFirst();
    }

    /** Validates and stores an API rule; 400 naming the field when it is invalid. */
    Stored put(String name, JsonNode body, String actor) {
        ObjectNode named = Bodies.named(name, body, "rule");
        // Unknown fields first: a misspelt threshold should be named as such, not as a missing one.
        Bodies.rejectUnknown(named, FIELDS);
        Rule rule;
        try {
            rule = mapper.treeToValue(named, Rule.class);
        } catch (JsonProcessingException e) {
            throw BodyErrors.of(e, json);
        } catch (RuleException e) {
            throw e.asApiError();
        }
        String json;
        try {
            json = mapper.writeValueAsString(rule);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a valid rule cannot be written as JSON", e);
        }
        boolean created = store.put(name, json, actor, clock.instant());
        return new Stored(find(name).orElseThrow(), created);
    }

    /**
     * Merges the fields of {@code body} into the rule in force and stores the result as an API rule (a file rule
     * thus becomes an API override, as with {@link #put}). A field given replaces the rule's value; a field given
     * as {@code null} goes back to its default (a threshold is removed). Validated as a PUT is: 400 naming the field;
     * an unknown rule is a 404.
     */
    Stored patch(String name, JsonNode body, String actor) {
        if (body == null || !body.isObject() || body.isEmpty()) {
            throw ApiException.badRequest("the body must be a JSON object with the fields to change, e.g. "
                                                  + "{\"warning\": 800}");
        }
        Effective current = find(name).orElseThrow(() -> ApiException.notFound("no rule is named '" + name + "'"));
        ObjectNode merged = mapper.valueToTree(current.rule());
        // Checked here too so that an unknown field is named before any other problem, as a PUT does.
        body.fieldNames().forEachRemaining(field -> {
            if (!FIELDS.contains(field)) {
                throw ApiException.invalidField(field, "unknown field (known: " + FIELDS + ")");
            }
        });
        body.fields().forEachRemaining(field -> {
            if (field.getValue().isNull()) {
                merged.remove(field.getKey());
            } else {
                merged.set(field.getKey(), field.getValue());
            }
        });
        return put(name, merged, actor);
    }

    /**
     * Deletes an API rule. A rule only in the file is refused with a 409 (it would come back at the next read);
     * an unknown name is a 404.
     */
    Optional<Effective> delete(String name) {
        if (store.delete(name)) {
            return find(name);
        }
        if (config.get().rules().stream().anyMatch(rule -> rule.name().equals(name))) {
            throw ApiException.conflict("rule '" + name + "' comes from config/plugins/alerts.yaml: remove it there, "
                                                + "or PUT a rule of that name with \"enabled\": false to switch it off",
                                        Map.of("rule", name, "source", "file"));
        }
        throw ApiException.notFound("no rule is named '" + name + "'");
    }
}
