package dev.vigil.kernel.http;

import java.util.List;
import java.util.Map;

import dev.vigil.api.http.ApiException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.TypeFactory;
import com.fasterxml.jackson.databind.util.LRUMap;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The JSON conventions of the API: snake_case names, ISO-8601 UTC times, unknown properties refused. */
public final class Json {

    private Json() {
    }

    public static ObjectMapper newMapper() {
        JsonMapper mapper = JsonMapper.builder()
                .typeFactory(privateTypeFactory())
                .addModule(new JavaTimeModule())
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
        // A number or boolean where the API expects text is the client's mistake, not something to convert.
        for (CoercionInputShape shape : new CoercionInputShape[] {CoercionInputShape.Integer,
                CoercionInputShape.Float, CoercionInputShape.Boolean}) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        return mapper;
    }

    /**
     * Jackson's default type factory is a static singleton whose cache would keep a plugin's classes (and so its
     * class loader) alive after the plugin is unloaded; each mapper gets a factory and cache of its own.
     */
    public static TypeFactory privateTypeFactory() {
        return TypeFactory.defaultInstance().withCache(new LRUMap<>(16, 200));
    }

    /**
     * A 400 that says which field of the body was wrong and how; {@code mapper} (the one that read the body)
     * spells the accepted values of an enum as the client must write them.
     */
    public static ApiException badBody(JsonProcessingException error, ObjectMapper mapper) {
        if (error instanceof UnrecognizedPropertyException unknown) {
            return ApiException.invalidField(path(unknown.getPath()), "unknown field (known: " + String.join(", ",
                    unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList()) + ")");
        }
        if (error instanceof ValueInstantiationException instantiation) {
            Throwable cause = instantiation.getCause() == null ? instantiation : instantiation.getCause();
            String field = path(instantiation.getPath());
            return field.isEmpty() ? ApiException.badRequest(cause.getMessage())
                    : ApiException.invalidField(field, cause.getMessage());
        }
        if (error instanceof InvalidFormatException format) {
            return ApiException.invalidField(path(format.getPath()), "cannot be read from '" + format.getValue()
                    + "' (expected " + simpleName(format.getTargetType(), mapper) + ")");
        }
        if (error instanceof MismatchedInputException missing && !missing.getPath().isEmpty()
                && missing.getOriginalMessage() != null && missing.getOriginalMessage().startsWith("Cannot map `null`")) {
            return ApiException.invalidField(path(missing.getPath()), "is required");
        }
        if (error instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            return ApiException.invalidField(path(mismatch.getPath()), "expected "
                    + simpleName(mismatch.getTargetType(), mapper));
        }
        String location = error.getLocation() == null ? ""
                : " at line " + error.getLocation().getLineNr() + ", column " + error.getLocation().getColumnNr();
        return new ApiException(400, "invalid_json", "the body is not valid JSON" + location + ": "
                + firstLine(error.getOriginalMessage()), Map.of(), null);
    }

    /** The dotted path of a field in a body or file, such as {@code rules[0].threshold}. */
    public static String path(List<JsonMappingException.Reference> references) {
        StringBuilder text = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() != null) {
                if (!text.isEmpty()) {
                    text.append('.');
                }
                text.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                text.append('[').append(reference.getIndex()).append(']');
            }
        }
        return text.toString();
    }

    private static String simpleName(Class<?> type, ObjectMapper mapper) {
        if (type == null) {
            return "another type";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == java.time.Duration.class) {
            return "a duration such as 30s, 5m, 2h or 7d";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.stream(type.getEnumConstants())
                    .map(constant -> spelling(constant, mapper)).toList();
        }
        if (java.time.temporal.Temporal.class.isAssignableFrom(type)) {
            return "an ISO-8601 time such as 2026-11-23T10:15:30Z";
        }
        if (List.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }

    /** How {@code mapper} writes an enum constant (its {@code @JsonValue}, say), else its name. */
    private static String spelling(Object constant, ObjectMapper mapper) {
        try {
            return mapper.convertValue(constant, String.class);
        } catch (IllegalArgumentException e) {
            return String.valueOf(constant); // not written as a string: the name is the best hint left
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
