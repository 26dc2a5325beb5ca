/** Variables that would make a child server pick other adapters or settings than the benchmark's. */
const INHERITED_SETTINGS = [
  'HOST',
  'PORT',
  'LOG_LEVEL',
  'DATABASE_URL',
  'DATABASE_POOL_SIZE',
  'REDIS_URL',
  'AMQP_URL',
  'SMTP_URL',
  'MAIL_FROM',
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'OTEL_SERVICE_NAME',
];
const INHERITED_PREFIXES = ['VEZA_', 'S3_'];

/**
 * The environment for a child server: this process's (PATH, HOME...) without any Veza setting the
 * shell may export, plus the benchmark's own. What a server runs with is then what the report says.
 */
export function serverEnv(
  settings: Record<string, string>,
  base: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(base)) {
    if (INHERITED_SETTINGS.includes(name) || INHERITED_PREFIXES.some((prefix) => name.startsWith(prefix)))
      continue;
    env[name] = value;
  }
  return { ...env, ...settings };
}
