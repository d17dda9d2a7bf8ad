package dev.vigil.kernel.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.vigil.api.Secret;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Finds the values under a type's {@link Secret} keys in a tree of that type (a config file's, an API body's),
 * following the type through nested records, lists and maps; masks them in the tree and answers them, so that text
 * which may repeat them (an error message) is redacted too. The config binder and the API's JSON share it, so a
 * secret is masked the same way wherever it is shown.
 */
public final class DeclaredSecrets {

    /** Config types are shallow; a deeper walk is a type that refers to itself. */
    private static final int MAX_DEPTH = 32;

    /** One secret value found, and how it may be shown. */
    public record Found(String value, Secret.Reveal reveal) {
    }

    /** What a walk does at each secret key it meets: {@code parent.get(name)} is the key's value. */
    private interface AtSecret {
        void visit(JsonPointer at, ObjectNode parent, String name, Secret.Reveal reveal);
    }

    private final ObjectMapper mapper;

    /** @param mapper the mapper that wrote the tree: its naming strategy gives the keys as the tree spells them */
    public DeclaredSecrets(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Masks {@code tree} in place (a tree of {@code type}); answers the secret values it held. */
    public List<Found> mask(JavaType type, JsonNode tree) {
        List<Found> found = new ArrayList<>();
        walk(type, tree, JsonPointer.empty(), 0,
             (at, parent, name, reveal) -> parent.set(name, hide(parent.get(name), reveal, found)));
        return found;
    }

    /** The secret keys of {@code tree} (a tree of {@code type}) whose value is not null, and how each is shown. */
    public Map<JsonPointer, Secret.Reveal> keys(JavaType type, JsonNode tree) {
        Map<JsonPointer, Secret.Reveal> keys = new LinkedHashMap<>();
        walk(type, tree, JsonPointer.empty(), 0, (at, parent, name, reveal) -> {
            if (!parent.get(name).isNull()) {
                keys.put(at, reveal);
            }
        });
        return keys;
    }

    /** {@code text} with every secret of {@code found} masked. */
    public static String redact(String text, List<Found> found) {
        String redacted = text;
        for (Found secret : found) {
            redacted = secret.reveal().redact(redacted, secret.value());
        }
        return redacted;
    }

    private void walk(JavaType type, JsonNode node, JsonPointer at, int depth, AtSecret atSecret) {
        if (node == null || depth > MAX_DEPTH) {
            return;
        }
        if (type.isContainerType()) {
            JavaType content = type.getContentType();
            if (node instanceof ObjectNode object) {
                object.properties().forEach(field -> walk(content, field.getValue(),
                                                          at.appendProperty(field.getKey()), depth + 1, atSecret));
            } else if (node instanceof ArrayNode array) {
                for (int i = 0; i < array.size(); i++) {
                    walk(content, array.get(i), at.appendIndex(i), depth + 1, atSecret);
                }
            }
            return;
        }
        if (!(node instanceof ObjectNode object) || !isConfigType(type)) {
            return;
        }
        for (BeanPropertyDefinition property : mapper.getSerializationConfig().introspect(type).findProperties()) {
            JsonNode child = object.get(property.getName());
            if (child == null) {
                continue;
            }
            Secret secret = secretOf(property);
            JsonPointer key = at.appendProperty(property.getName());
            if (secret == null) {
                walk(property.getPrimaryType(), child, key, depth + 1, atSecret);
            } else {
                atSecret.visit(key, object, property.getName(), secret.value());
            }
        }
    }

    /** Everything under a secret key: map keys stay (header names), values go. */
    private static JsonNode hide(JsonNode node, Secret.Reveal reveal, List<Found> found) {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            names.forEach(name -> object.set(name, hide(object.get(name), reveal, found)));
            return object;
        }
        if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, hide(array.get(i), reveal, found));
            }
            return array;
        }
        String value = node.asText("");
        if (node.isNull() || value.isEmpty()) {
            return node; // nothing set is no secret, and saying so helps
        }
        found.add(new Found(value, reveal));
        return TextNode.valueOf(reveal.mask(value));
    }

    private static Secret secretOf(BeanPropertyDefinition property) {
        for (AnnotatedMember member : new AnnotatedMember[] {property.getField(), property.getGetter(),
                property.getConstructorParameter(), property.getSetter()}) {
            Secret secret = member == null ? null : member.getAnnotation(Secret.class);
            if (secret != null) {
                return secret;
            }
        }
        return null;
    }

    /** A plugin's own record or class, not a JDK or library value type. */
    private static boolean isConfigType(JavaType type) {
        String name = type.getRawClass().getName();
        return !type.isPrimitive() && !type.isEnumType() && !name.startsWith("java.")
                && !name.startsWith("com.fasterxml.");
    }
}
