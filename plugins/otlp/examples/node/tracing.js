'use strict';
// Loaded with `node --require ./tracing.js app.js`, so the instrumentations patch
// `http`, `express` and `pg` before app.js requires them.
//
// Nothing about the exporter is set in code. With no exporter passed in, NodeSDK builds
// OTLP exporters for traces, metrics and logs from the standard variables:
//   OTEL_SERVICE_NAME            -> service.name (Vigil's "service")
//   OTEL_EXPORTER_OTLP_ENDPOINT  -> base URL; the SDK POSTs to <base>/v1/traces, /v1/metrics, /v1/logs
//   OTEL_EXPORTER_OTLP_HEADERS   -> Authorization=Bearer%20<ingest token>
//   OTEL_EXPORTER_OTLP_PROTOCOL  -> http/protobuf (default) or http/json
//   OTEL_METRIC_EXPORT_INTERVAL  -> metric export period in ms (default 60000)
const { NodeSDK } = require('@opentelemetry/sdk-node');
const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');
const { ExpressInstrumentation } = require('@opentelemetry/instrumentation-express');
const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg');

const sdk = new NodeSDK({
  instrumentations: [
    // SERVER span per request: Vigil's request record.
    new HttpInstrumentation(),
    // Sets http.route (e.g. /orders/:id) so Vigil names the endpoint by its route, not its raw path.
    new ExpressInstrumentation(),
    // CLIENT span per query with db.system.name and db.query.text: Vigil's statements.
    // ignoreConnectSpans: pg-pool.connect / pg.connect spans carry no SQL; Vigil does not count them as
    // statements, and without them the traces are easier to read.
    new PgInstrumentation({ ignoreConnectSpans: true }),
  ],
});
sdk.start();

// Flush the last batch of spans and metrics on Ctrl-C or `kill`.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    sdk.shutdown()
      .catch((err) => console.error('OpenTelemetry shutdown failed', err))
      .finally(() => process.exit(0));
  });
}
