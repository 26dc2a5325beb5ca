import {
  context,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import type { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { childContext, type TraceContext } from './trace-context.ts';

export interface ActiveSpan {
  /** The span's own context: what goes into event metadata and outgoing traceparent headers. */
  context: TraceContext;
  end(outcome?: { error?: unknown; attributes?: Record<string, string | number> }): void;
}

/**
 * Spans for requests and event handling. Trace ids flow through event metadata whether or not an
 * exporter is configured; with OTEL_EXPORTER_OTLP_ENDPOINT set, spans are also exported over OTLP/HTTP.
 */
export class Tracing {
  private constructor(
    private readonly tracer: Tracer | undefined,
    private readonly provider: NodeTracerProvider | undefined,
  ) {}

  static async start(options: { endpoint?: string; serviceName: string }): Promise<Tracing> {
    if (!options.endpoint) return new Tracing(undefined, undefined);
    // The SDK and exporter are loaded only when traces are exported.
    const [{ OTLPTraceExporter }, { resourceFromAttributes }, { BatchSpanProcessor, NodeTracerProvider }] =
      await Promise.all([
        import('@opentelemetry/exporter-trace-otlp-http'),
        import('@opentelemetry/resources'),
        import('@opentelemetry/sdk-trace-node'),
      ]);
    const exporter = new OTLPTraceExporter({ url: `${options.endpoint.replace(/\/$/, '')}/v1/traces` });
    const provider = new NodeTracerProvider({
      resource: resourceFromAttributes({ 'service.name': options.serviceName }),
      spanProcessors: [new BatchSpanProcessor(exporter, { scheduledDelayMillis: 500 })],
    });
    return new Tracing(provider.getTracer('veza'), provider);
  }

  /** Whether spans are exported: when not, a span is only ids to propagate, and can be made lazily. */
  get exporting(): boolean {
    return this.tracer !== undefined;
  }

  startSpan(name: string, parent: TraceContext | undefined, kind: 'server' | 'consumer'): ActiveSpan {
    if (!this.tracer) return { context: childContext(parent), end: endNothing };
    const parentContext = parent
      ? trace.setSpanContext(ROOT_CONTEXT, {
          traceId: parent.traceId,
          spanId: parent.spanId,
          traceFlags: Number.parseInt(parent.flags, 16),
          isRemote: true,
        })
      : context.active();
    const span: Span = this.tracer.startSpan(
      name,
      { kind: kind === 'server' ? SpanKind.SERVER : SpanKind.CONSUMER },
      parentContext,
    );
    const own = span.spanContext();
    return {
      context: {
        traceId: own.traceId,
        spanId: own.spanId,
        flags: own.traceFlags.toString(16).padStart(2, '0'),
      },
      end(outcome = {}) {
        if (outcome.attributes) span.setAttributes(outcome.attributes);
        if (outcome.error) span.setStatus({ code: SpanStatusCode.ERROR, message: String(outcome.error) });
        span.end();
      },
    };
  }

  async shutdown(): Promise<void> {
    await this.provider?.shutdown();
  }
}

const endNothing = () => {};
