package dev.vigil.kernel.config;

import java.util.ArrayList;
import java.util.List;

import dev.vigil.api.Secret;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Finds the values under a config type's {@link Secret} keys in a config tree, following the type through nested
 * records, lists and maps; masks them in the tree and answers them, so that text which may repeat them (an error
 * message) is redacted too.
 */
final class ConfigSecrets {

    /** Config types are shallow; a deeper walk is a type that refers to itself. */
    private static final int MAX_DEPTH = 32;

    /** One secret value found, and how it may be shown. */
    record Found(String value, Secret.Reveal reveal) {
    }

    private final ObjectMapper mapper;

    /** @param mapper the binder's mapper, whose naming strategy gives the keys as the file writes them */
    ConfigSecrets(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Masks {@code tree} in place (a tree of {@code type}); answers the secret values it held. */
    List<Found> mask(JavaType type, JsonNode tree) {
        List<Found> found = new ArrayList<>();
        walk(type, tree, 0, found);
        return found;
    }

    /** {@code text} with every secret of {@code found} masked. */
    static String redact(String text, List<Found> found) {
        String redacted = text;
        for (Found secret : found) {
            redacted = secret.reveal().redact(redacted, secret.value());
        }
        return redacted;
    }

    private void walk(JavaType type, JsonNode node, int depth, List<Found> found) {
        if (node == null || depth > MAX_DEPTH) {
            return;
        }
        if (type.isContainerType()) {
            JavaType content = type.getContentType();
            if (node instanceof ObjectNode object) {
                object.properties().forEach(field -> walk(content, field.getValue(), depth + 1, found));
            } else if (node instanceof ArrayNode array) {
                array.forEach(element -> walk(content, element, depth + 1, found));
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
            if (secret == null) {
                walk(property.getPrimaryType(), child, depth + 1, found);
            } else {
                object.set(property.getName(), hide(child, secret.value(), found));
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
