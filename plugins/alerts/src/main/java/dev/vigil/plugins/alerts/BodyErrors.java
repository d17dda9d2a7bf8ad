package dev.vigil.plugins.alerts;

import dev.vigil.api.http.ApiException;
import dev.vigil.api.http.JsonSupport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

/** Turns what went wrong reading a rule body into a 400 that names the field, rule checks included. */
final class BodyErrors {

    private BodyErrors() {
    }

    static ApiException of(JsonProcessingException error, JsonSupport json) {
        // Rule checks run in the rule's constructor, so Jackson's path is empty: the check names the field itself.
        if (error instanceof ValueInstantiationException && error.getCause() instanceof RuleException rule) {
            return rule.asApiError();
        }
        return json.badBody(error);
    }
}
