package dev.vigil.kernel.http;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

import dev.vigil.api.Secret;
import dev.vigil.api.http.ApiException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.TypeFactory;
import com.fasterxml.jackson.databind.util.LRUMap;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The JSON conventions of the API: snake_case names, ISO-8601 UTC times, unknown properties refused, figures without
 * float noise.
 */
public final class Json {

    private Json() {
    }

    public static ObjectMapper newMapper() {
        JsonMapper mapper = JsonMapper.builder(JsonFactory.builder().addDecorator(Json::withoutFloatNoise).build())
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
     * Writes doubles with at most {@link #SIGNIFICANT_DIGITS} significant digits: sums and averages of doubles carry
     * noise in their last digits ({@code 4279.919999999998}) that no reader wants, while relative rounding keeps tiny
     * ratios. Whole numbers (byte counts held in a double) carry no noise and stay exact. Done on the generator, so
     * records, maps and trees alike are written so.
     */
    private static JsonGenerator withoutFloatNoise(JsonFactory factory, JsonGenerator generator) {
        return new JsonGeneratorDelegate(generator, true) {
            @Override
            public void writeNumber(double value) throws IOException {
                super.writeNumber(rounded(value));
            }
        };
    }

    static final int SIGNIFICANT_DIGITS = 12;
    private static final MathContext ROUNDING = new MathContext(SIGNIFICANT_DIGITS, RoundingMode.HALF_EVEN);

    static double rounded(double value) {
        if (!Double.isFinite(value) || value == Math.rint(value)) {
            return value;
        }
        return new BigDecimal(value).round(ROUNDING).doubleValue();
    }

    /**
     * Jackson's default type factory is a static singleton whose cache would keep a plugin's classes (and so its
     * class loader) alive after the plugin is unloaded; each mapper gets a factory and cache of its own.
     */
    public static TypeFactory privateTypeFactory() {
        return TypeFactory.defaultInstance().withCache(new LRUMap<>(16, 200));
    }

    /**
     * A 400 that says which field of the body was wrong and by which rule ({@link BindingProblem}); {@code mapper}
     * (the one that read the body) spells the accepted values of an enum as the client must write them.
     */
    public static ApiException badBody(JsonProcessingException error, ObjectMapper mapper) {
        return badBody(BindingProblem.of(error, mapper, BindingProblem.Dialect.JSON));
    }

    /** A 400 for a body past the parser's limits: too deeply nested, too long a number or string. */
    public static ApiException overLimit(StreamConstraintsException limit, ObjectMapper mapper, byte[] body) {
        return badBody(BindingProblem.overLimit(limit, mapper, body));
    }

    private static ApiException badBody(BindingProblem problem) {
        if (!problem.field().isEmpty()) {
            return ApiException.invalidField(problem.field(), problem.rule());
        }
        return new ApiException(400, problem.syntax() ? "invalid_json" : "bad_request", "the body " + problem.rule(),
                                Map.of(), null);
    }

    /**
     * {@code value} as {@code mapper} writes it, with the values under its {@link Secret} keys masked wherever they
     * nest: what a response may show of a value that holds secrets.
     */
    public static JsonNode masked(ObjectMapper mapper, Object value) {
        JsonNode tree = mapper.valueToTree(value);
        if (value != null) {
            new DeclaredSecrets(mapper).mask(mapper.constructType(value.getClass()), tree);
        }
        return tree;
    }

    /** Where {@code value}, as {@code mapper} writes it, holds a {@link Secret} key that is set. */
    public static Map<JsonPointer, Secret.Reveal> secretKeys(ObjectMapper mapper, Object value) {
        if (value == null) {
            return Map.of();
        }
        return new DeclaredSecrets(mapper).keys(mapper.constructType(value.getClass()), mapper.valueToTree(value));
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
}
