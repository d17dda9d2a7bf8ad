package dev.vigil.plugins.otlp;

/**
 * The attribute names of the OpenTelemetry semantic conventions this plugin reads. Where a name changed, the
 * current one comes first and the older one, which agents still emit, after it.
 */
final class Semconv {

    static final String SERVICE_NAME = "service.name";
    static final String SERVICE_VERSION = "service.version";
    static final String DEPLOYMENT_ENVIRONMENT_NAME = "deployment.environment.name";
    static final String DEPLOYMENT_ENVIRONMENT = "deployment.environment";

    static final String[] HTTP_METHOD = {"http.request.method", "http.method"};
    static final String HTTP_ROUTE = "http.route";
    static final String[] URL_PATH = {"url.path", "http.target"};
    static final String[] URL_FULL = {"url.full", "http.url"};
    static final String[] HTTP_STATUS = {"http.response.status_code", "http.status_code"};
    static final String[] RESPONSE_BYTES = {"http.response.body.size", "http.response_content_length"};
    static final String[] USER = {"enduser.id", "user.id"};
    static final String[] CLIENT_ADDRESS = {"client.address", "http.client_ip", "network.peer.address",
                                            "net.sock.peer.addr"};
    static final String[] USER_AGENT = {"user_agent.original", "http.user_agent"};
    static final String RPC_SYSTEM = "rpc.system";

    static final String[] DB_SYSTEM = {"db.system.name", "db.system"};
    static final String[] DB_STATEMENT = {"db.query.text", "db.statement"};
    static final String DB_QUERY_SUMMARY = "db.query.summary";
    static final String[] DB_OPERATION = {"db.operation.name", "db.operation"};
    static final String[] DB_COLLECTION = {"db.collection.name", "db.sql.table"};
    static final String DB_RETURNED_ROWS = "db.response.returned_rows";

    static final String EXCEPTION_EVENT = "exception";
    static final String EXCEPTION_TYPE = "exception.type";
    static final String EXCEPTION_MESSAGE = "exception.message";
    static final String EXCEPTION_STACKTRACE = "exception.stacktrace";
    static final String ERROR_TYPE = "error.type";

    private Semconv() {
    }
}
