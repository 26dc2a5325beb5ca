// `npm test` runs on a fresh machine with nothing installed: whatever the shell exports, the
// embedded project uses the embedded adapters (PGlite, in-process bus, memory cache, local disk).
for (const name of [
  'DATABASE_URL',
  'REDIS_URL',
  'AMQP_URL',
  'S3_ENDPOINT',
  'SMTP_URL',
  'OTEL_EXPORTER_OTLP_ENDPOINT',
]) {
  delete process.env[name];
}
process.env.VEZA_TEST_PROJECT = 'embedded';
