package dev.vigil.plugins.alerts;

import dev.vigil.api.http.ApiException;

/** A rule (or another body) is invalid: names the field at fault so the API and the config file can say which. */
final class RuleException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String field;
    private final String problem;

    RuleException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
        this.problem = problem;
    }

    String field() {
        return field;
    }

    String problem() {
        return problem;
    }

    /** The 400 the API answers for it. */
    ApiException asApiError() {
        return ApiException.invalidField(field, problem);
    }
}
