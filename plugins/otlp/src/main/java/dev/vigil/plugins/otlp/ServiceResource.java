package dev.vigil.plugins.otlp;

/**
 * What the resource of an export says about the service its spans, metrics or logs came from.
 *
 * @param name        {@code service.name}, or {@code unknown_service} as the SDKs say when it is not set
 * @param version     {@code service.version}: the release errors are reported for
 * @param environment {@code deployment.environment.name} (or the older {@code deployment.environment})
 */
record ServiceResource(String name, String version, String environment) {

    static final String UNKNOWN = "unknown_service";

    static ServiceResource of(Attributes resource) {
        String name = resource.text(Semconv.SERVICE_NAME);
        return new ServiceResource(name == null ? UNKNOWN : name.strip(), resource.text(Semconv.SERVICE_VERSION),
                                   resource.text(Semconv.DEPLOYMENT_ENVIRONMENT_NAME, Semconv.DEPLOYMENT_ENVIRONMENT));
    }
}
