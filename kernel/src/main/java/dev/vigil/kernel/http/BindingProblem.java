package dev.vigil.kernel.http;

import java.math.BigInteger;
import java.time.Duration;
import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

/**
 * What was wrong with a JSON body or a YAML config file, told the way the API tells it: the field at fault and the
 * rule it broke. One translation of Jackson's exceptions for request bodies ({@link Json#badBody}) and config files
 * ({@code YamlBinder}), so that no message shows a Java type, a Jackson feature switch or a parser's internals.
 *
 * @param field  the dotted path of the field at fault ({@code channels[0].url}), or empty for the whole document
 * @param rule   what was wrong, worded to follow the field name ({@code must be a whole number between 1 and 10})
 *               or, for the whole document, to follow "the body" or "the file"
 * @param syntax whether the document could not even be parsed
 */
public record BindingProblem(String field, String rule, boolean syntax) {

    /** How a document's kind names its containers: a JSON body has arrays and objects, a YAML file lists and maps. */
    public enum Dialect {
        JSON("an array", "a JSON object", "field"),
        YAML("a list", "a map", "key");

        private final String list;
        private final String map;
        private final String member;

        Dialect(String list, String map, String member) {
            this.list = list;
            this.map = map;
            this.member = member;
        }
    }

    /**
     * @param mapper the mapper that read the document: it spells enum values as the client must write them
     */
    public static BindingProblem of(JacksonException error, ObjectMapper mapper, Dialect dialect) {
        InputCoercionException range = causeOfType(error, InputCoercionException.class);
        if (range != null) {
            return new BindingProblem(fieldOf(error), outOfRange(range.getTargetType()), false);
        }
        if (error instanceof UnrecognizedPropertyException unknown) {
            List<String> known = unknown.getKnownPropertyIds() == null ? List.of()
                    : unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
            return new BindingProblem(Json.path(unknown.getPath()), "unknown " + dialect.member
                    + (known.isEmpty() ? "" : " (known: " + String.join(", ", known) + ")"), false);
        }
        if (error instanceof ValueInstantiationException instantiation) {
            // The type's own constructor refused the value: its message is ours, written for the client.
            Throwable cause = instantiation.getCause();
            String field = Json.path(instantiation.getPath());
            String reason = cause instanceof IllegalArgumentException && cause.getMessage() != null
                    ? cause.getMessage() : null;
            String rule = reason == null ? "is not valid" : field.isEmpty() ? "is not valid: " + reason : reason;
            return new BindingProblem(field, rule, false);
        }
        if (error instanceof InvalidFormatException format) {
            return new BindingProblem(Json.path(format.getPath()), "cannot be read from '" + format.getValue()
                    + "' (expected " + describe(format.getTargetType(), mapper, dialect) + ")", false);
        }
        if (error instanceof MismatchedInputException mismatch) {
            return mismatch(mismatch, mapper, dialect);
        }
        StreamReadException unreadable = causeOfType(error, StreamReadException.class);
        if (unreadable != null) {
            return syntax(unreadable, dialect);
        }
        if (error instanceof JsonMappingException mapping) {
            return new BindingProblem(Json.path(mapping.getPath()), "is not valid here", false);
        }
        return new BindingProblem("", "is not valid " + dialect.name() + at(error.getLocation()), true);
    }

    private static BindingProblem mismatch(MismatchedInputException mismatch, ObjectMapper mapper, Dialect dialect) {
        String field = Json.path(mismatch.getPath());
        String original = mismatch.getOriginalMessage() == null ? "" : mismatch.getOriginalMessage();
        if (original.startsWith("Cannot map `null`")) {
            return new BindingProblem(field, "is required", false);
        }
        if (original.startsWith("Trailing token")) {
            return new BindingProblem("", "must hold one " + dialect.name() + " value; more follows it"
                    + at(mismatch.getLocation()), true);
        }
        if (original.startsWith("No content to map")) {
            return new BindingProblem("", "is empty", false);
        }
        String expected = describe(mismatch.getTargetType(), mapper, dialect);
        return new BindingProblem(field, field.isEmpty() ? "must be " + expected : "expected " + expected, false);
    }

    private static BindingProblem syntax(StreamReadException error, Dialect dialect) {
        String original = error.getOriginalMessage() == null ? "" : error.getOriginalMessage();
        // Where the document broke: the field the parser was in, then line and column.
        String field = fieldOf(error);
        String where = (field.isEmpty() ? "" : " in " + field) + at(error.getLocation());
        if (original.startsWith("Non-standard token")) {
            return new BindingProblem(field, "is not a number: NaN/Infinity are not accepted", true);
        }
        if (original.startsWith("Unexpected end-of-input")) {
            return new BindingProblem("", "is not valid " + dialect.name() + ": unexpected end of input" + where, true);
        }
        if (original.startsWith("Unexpected character ('")) {
            // Jackson writes: Unexpected character ('x' (code 120)): expected ...
            int end = original.indexOf("' (code");
            String character = end > 23 ? original.substring(23, end) : "?";
            return new BindingProblem("", "is not valid " + dialect.name() + ": unexpected character '" + character
                    + "'" + where, true);
        }
        if (original.startsWith("Unrecognized token '")) {
            int end = original.indexOf('\'', 20);
            String token = end > 20 ? original.substring(20, Math.min(end, 60)) : "?";
            return new BindingProblem("", "is not valid " + dialect.name() + ": unexpected word '" + token + "'"
                    + (token.isEmpty() ? "" : " (text needs quotes)") + where, true);
        }
        return new BindingProblem("", "is not valid " + dialect.name() + where, true);
    }

    /**
     * A document past one of the parser's limits (nesting depth, length of a number or a string). Jackson's
     * exception for those knows no position, so the document is read again as far as the limit to find the field.
     */
    public static BindingProblem overLimit(StreamConstraintsException limit, ObjectMapper mapper, byte[] document) {
        String field = "";
        try (JsonParser parser = mapper.createParser(document)) {
            try {
                while (parser.nextToken() != null) {
                    parser.finishToken(); // a number's or a string's length is checked once it is read in full
                }
            } catch (StreamConstraintsException again) {
                field = shortened(pathOf(parser.getParsingContext()));
            }
        } catch (java.io.IOException other) {
            // Another problem shows first this time: the limit is still worth telling, without a field.
        }
        String message = limit.getOriginalMessage() == null ? "" : limit.getOriginalMessage();
        java.util.regex.Matcher allowed = java.util.regex.Pattern.compile("maximum allowed \\((\\d+)").matcher(message);
        String max = allowed.find() ? allowed.group(1) : "the allowed";
        String rule = message.startsWith("Document nesting depth") ? "is nested more than " + max + " levels deep"
                : message.startsWith("Number value length") ? "is a number longer than " + max + " characters"
                : message.startsWith("String value length") ? "is a string longer than " + max + " characters"
                : message.startsWith("Name length") ? "has a field name longer than " + max + " characters"
                : "is over the parser's limits";
        return new BindingProblem(field, rule, true);
    }

    /** The first few steps of a path that may be a thousand levels deep: enough to tell which field it is in. */
    private static String shortened(String path) {
        int steps = 0;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if ((c == '.' || c == '[') && ++steps > 4) {
                return path.substring(0, i) + "…";
            }
        }
        return path;
    }

    /**
     * The field being read when {@code error} happened: from the parser's position, which is exact, else from the
     * binding path (which stops at the enclosing object when the parser failed inside it).
     */
    private static String fieldOf(JacksonException error) {
        StreamReadException reading = causeOfType(error, StreamReadException.class);
        if (reading != null && reading.getProcessor() instanceof JsonParser parser) {
            String position = pathOf(parser.getParsingContext());
            if (!position.isEmpty()) {
                return position;
            }
        }
        JsonMappingException mapping = causeOfType(error, JsonMappingException.class);
        return mapping == null ? "" : Json.path(mapping.getPath());
    }

    private static String pathOf(JsonStreamContext context) {
        StringBuilder path = new StringBuilder();
        for (JsonStreamContext at = context; at != null && !at.inRoot(); at = at.getParent()) {
            if (at.inObject() && at.getCurrentName() != null) {
                path.insert(0, "." + at.getCurrentName());
            } else if (at.inArray()) {
                path.insert(0, "[" + Math.max(0, at.getCurrentIndex()) + "]");
            }
        }
        return path.length() > 0 && path.charAt(0) == '.' ? path.substring(1) : path.toString();
    }

    private static String outOfRange(Class<?> target) {
        if (target == int.class || target == Integer.class) {
            return wholeNumberBetween(Integer.MIN_VALUE, Integer.MAX_VALUE);
        }
        if (target == long.class || target == Long.class) {
            return wholeNumberBetween(Long.MIN_VALUE, Long.MAX_VALUE);
        }
        if (target == short.class || target == Short.class) {
            return wholeNumberBetween(Short.MIN_VALUE, Short.MAX_VALUE);
        }
        if (target == byte.class || target == Byte.class) {
            return wholeNumberBetween(Byte.MIN_VALUE, Byte.MAX_VALUE);
        }
        return "is out of range";
    }

    private static String wholeNumberBetween(long min, long max) {
        return "must be a whole number between " + min + " and " + max;
    }

    /** How a value of {@code type} is written, in the client's words. */
    static String describe(Class<?> type, ObjectMapper mapper, Dialect dialect) {
        if (type == null) {
            return "another type";
        }
        if (type == BigInteger.class || type == int.class || type == Integer.class || type == long.class
                || type == Long.class || type == short.class || type == Short.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class || type == Character.class || type == char.class) {
            return "a string";
        }
        if (type == Duration.class) {
            return "a duration such as 30s, 5m, 2h or 7d";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(constant -> spelling(constant, mapper))
                    .toList();
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "an ISO-8601 time such as 2026-11-23T10:15:30Z";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return dialect.list;
        }
        return dialect.map;
    }

    /** How {@code mapper} writes an enum constant (its {@code @JsonValue}, say), else its name. */
    private static String spelling(Object constant, ObjectMapper mapper) {
        try {
            return mapper.convertValue(constant, String.class);
        } catch (IllegalArgumentException e) {
            return String.valueOf(constant); // not written as a string: the name is the best hint left
        }
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static <T extends Throwable> T causeOfType(Throwable error, Class<T> type) {
        for (Throwable at = error; at != null; at = at.getCause() == at ? null : at.getCause()) {
            if (type.isInstance(at)) {
                return type.cast(at);
            }
        }
        return null;
    }
}
