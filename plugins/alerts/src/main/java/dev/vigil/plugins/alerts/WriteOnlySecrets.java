package dev.vigil.plugins.alerts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.vigil.api.Secret;
import dev.vigil.api.http.ApiException;
import dev.vigil.api.http.JsonSupport;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Secrets a client writes but never reads back. Views show them masked, so a client that edits what it was shown
 * sends the masks back: in a PUT body, a secret key that is absent, or holds exactly the masked form a view shows,
 * keeps the value stored now; {@code null} removes it; any other value replaces it. A masked form that matches
 * nothing stored is refused, so a mask is never stored as a secret. Which keys are secret comes from their
 * {@link Secret} declarations ({@link JsonSupport#secretKeys}), not from a list here.
 */
final class WriteOnlySecrets {

    private WriteOnlySecrets() {
    }

    /** Fills into {@code body}, in place, the secrets of {@code current} it leaves out or sends back masked. */
    static void keep(ObjectNode body, Object current, JsonSupport json) {
        JsonNode stored = json.mapper().valueToTree(current);
        JsonNode shown = json.masked(current);
        for (JsonPointer key : json.secretKeys(current).keySet()) {
            // A body without the object that holds the secret (an smtp block) drops the secret with it.
            if (!(body.at(key.head()) instanceof ObjectNode holder)) {
                continue;
            }
            String name = key.last().getMatchingProperty();
            JsonNode sent = holder.get(name);
            holder.set(name, sent == null ? stored.at(key).deepCopy() : restore(sent, shown.at(key), stored.at(key)));
        }
    }

    /** {@code sent} with each value that equals the masked value shown at the same place replaced by the stored one. */
    private static JsonNode restore(JsonNode sent, JsonNode shown, JsonNode stored) {
        if (sent instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                object.set(name, restore(object.get(name), shown.path(name), stored.path(name)));
            }
            return object;
        }
        if (sent instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, restore(array.get(i), shown.path(i), stored.path(i)));
            }
            return array;
        }
        boolean masked = sent.isTextual() && shown.isTextual() && sent.asText().equals(shown.asText());
        return masked && stored.isValueNode() ? stored.deepCopy() : sent;
    }

    /**
     * Refuses {@code value} when one of its secrets is a mask ({@code ***}, {@code https://host/***}): a masked
     * value that matched nothing stored, which would be stored in place of the secret.
     */
    static void refuseMasks(Object value, JsonSupport json) {
        JsonNode tree = json.mapper().valueToTree(value);
        for (Map.Entry<JsonPointer, Secret.Reveal> key : json.secretKeys(value).entrySet()) {
            refuseMasks(tree.at(key.getKey()), field(key.getKey(), tree), key.getValue());
        }
    }

    private static void refuseMasks(JsonNode node, String field, Secret.Reveal reveal) {
        if (node instanceof ObjectNode object) {
            object.properties().forEach(entry -> refuseMasks(entry.getValue(), field + "." + entry.getKey(), reveal));
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                refuseMasks(array.get(i), field + "[" + i + "]", reveal);
            }
        } else if (node.isTextual() && !node.asText().isEmpty() && reveal.mask(node.asText()).equals(node.asText())) {
            throw ApiException.invalidField(field, "'" + node.asText() + "' is the masked form a view shows, not a "
                    + "value, and this channel has no secret it stands for: send the value itself (a masked value "
                    + "or a left-out one keeps the secret a channel of that name and type has now)");
        }
    }

    /** The field at {@code pointer} in {@code tree} as the API names fields: {@code smtp.password}, {@code to[0]}. */
    private static String field(JsonPointer pointer, JsonNode tree) {
        StringBuilder field = new StringBuilder();
        JsonNode node = tree;
        for (JsonPointer at = pointer; !at.matches(); at = at.tail()) {
            if (node.isArray()) {
                field.append('[').append(at.getMatchingIndex()).append(']');
                node = node.path(at.getMatchingIndex());
            } else {
                field.append(field.isEmpty() ? "" : ".").append(at.getMatchingProperty());
                node = node.path(at.getMatchingProperty());
            }
        }
        return field.toString();
    }
}
