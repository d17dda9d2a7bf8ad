package dev.vigil.kernel.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import dev.vigil.kernel.http.BindingProblem;
import dev.vigil.kernel.http.DeclaredSecrets;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * Binds a YAML file with kebab-case keys to a typed object on top of defaults: keys the file omits keep their
 * default, unknown keys and wrong types are errors whose message names the file, the key and what was expected,
 * and never repeats the value of a key the type declares secret.
 * One binder per plugin: its caches hold the plugin's classes and must go when the plugin unloads.
 */
public final class YamlBinder {

    private final ObjectMapper mapper;
    private final DeclaredSecrets secrets;

    public YamlBinder() {
        SimpleModule durations = new SimpleModule("vigil-durations");
        durations.addDeserializer(Duration.class, new FlexibleDurationDeserializer());
        durations.addSerializer(Duration.class, new FlexibleDurationSerializer());
        mapper = YAMLMapper.builder()
                .typeFactory(dev.vigil.kernel.http.Json.privateTypeFactory())
                .addModule(new JavaTimeModule())
                .addModule(durations)
                .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
        secrets = new DeclaredSecrets(mapper);
    }

    /** Reads {@code file} over {@code defaults}; a missing or empty file gives the defaults. */
    public <C> C bind(Path file, Class<C> type, C defaults) throws ConfigException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            return defaults;
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot be read: " + e.getMessage());
        }
        return bindText(file.toString(), text, type, defaults);
    }

    public <C> C bindText(String source, String text, Class<C> type, C defaults) throws ConfigException {
        JsonNode fileTree;
        try {
            fileTree = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ConfigException(source + ": not valid YAML" + at(e.getLocation()) + ": "
                                              + firstLine(e.getOriginalMessage()));
        }
        if (fileTree == null || fileTree.isMissingNode() || fileTree.isNull()) {
            return defaults;
        }
        if (!fileTree.isObject()) {
            throw new ConfigException(source + ": the top level must be a map of keys to values");
        }
        JsonNode merged = mapper.valueToTree(defaults);
        if (merged == null || !merged.isObject()) {
            merged = mapper.createObjectNode();
        }
        mergeInto((ObjectNode) merged, (ObjectNode) fileTree);
        try {
            return treeToValue(source, merged, type);
        } catch (ConfigException e) {
            // A refusal may quote the value it refused: a secret one is masked before anyone sees the message.
            List<DeclaredSecrets.Found> found = secrets.mask(mapper.constructType(type), merged);
            throw new ConfigException(DeclaredSecrets.redact(e.getMessage(), found));
        }
    }

    private <C> C treeToValue(String source, JsonNode merged, Class<C> type) throws ConfigException {
        try {
            return mapper.treeToValue(merged, type);
        } catch (JsonProcessingException e) {
            BindingProblem problem = BindingProblem.of(e, mapper, BindingProblem.Dialect.YAML);
            throw new ConfigException(source + ": " + (problem.field().isEmpty() ? "the file " + problem.rule()
                    : "key '" + problem.field() + "': " + problem.rule()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(source + ": " + firstLine(e.getMessage()));
        }
    }

    /**
     * The values of {@code config} as a tree for the admin API, which viewers may read: values of the keys its type
     * declares {@link dev.vigil.api.Secret} are masked.
     */
    public JsonNode toMaskedTree(Object config) {
        JsonNode tree = toTree(config);
        if (config != null) {
            secrets.mask(mapper.constructType(config.getClass()), tree);
        }
        return tree;
    }

    /** {@code text} with the secret values of {@code config} masked, for messages a plugin's code wrote. */
    public String redact(String text, Object config) {
        if (text == null || config == null) {
            return text;
        }
        return DeclaredSecrets.redact(text, secrets.mask(mapper.constructType(config.getClass()), toTree(config)));
    }

    /** The values of {@code config} as a tree, with kebab-case keys as in the file (secrets included). */
    public JsonNode toTree(Object config) {
        return mapper.valueToTree(config);
    }

    private static void mergeInto(ObjectNode target, ObjectNode overrides) {
        Iterator<Map.Entry<String, JsonNode>> fields = overrides.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode existing = target.get(field.getKey());
            if (existing != null && existing.isObject() && field.getValue().isObject()) {
                mergeInto((ObjectNode) existing, (ObjectNode) field.getValue());
            } else {
                target.set(field.getKey(), field.getValue());
            }
        }
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
