import { trace, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  NodeTracerProvider,
} from '@opentelemetry/sdk-trace-node';

/**
 * Registers OpenTelemetry tracing with W3C trace-context propagation. Spans go
 * to an OTLP/HTTP collector when OTEL_EXPORTER_OTLP_ENDPOINT is set (the
 * exporter reads the standard OTEL_* variables); without it spans are still
 * created, so trace ids reach the logs, but nothing is exported.
 */
export function setupTracing(options: {
  serviceName: string;
  version: string;
  environment: string;
}): { tracer: Tracer; shutdown: () => Promise<void> } {
  const exporting = Boolean(process.env.OTEL_EXPORTER_OTLP_ENDPOINT);
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({
      'service.name': options.serviceName,
      'service.version': options.version,
      'deployment.environment.name': options.environment,
    }),
    spanProcessors: exporting
      ? [new BatchSpanProcessor(new OTLPTraceExporter())]
      : [],
  });
  provider.register();
  return {
    tracer: trace.getTracer(options.serviceName, options.version),
    shutdown: () => provider.shutdown(),
  };
}
