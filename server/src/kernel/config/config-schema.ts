import { type Static, Type } from 'typebox';

/**
 * Every setting Veza reads. Each property names the environment variable it comes from (`env`) and
 * says in `description` what a valid value looks like: that text is what a bad value is told.
 * Settings flagged `secret` are redacted by `veza config` and never logged.
 */
const url = (env: string, what: string, secret = false) =>
  Type.Optional(Type.String({ env, secret, pattern: '^[a-z][a-z0-9+.-]*://.+', description: what }));
const int = (env: string, min: number, max: number, fallback: number, unit = 'an integer') =>
  Type.Integer({
    env,
    minimum: min,
    maximum: max,
    default: fallback,
    description: `${unit} from ${min} to ${max}`,
  });
const names = '^[a-z][a-z0-9-]*(,[a-z][a-z0-9-]*)*$';
const routes = '^[a-z][a-z0-9-]*=https?://[^,=\\s]+(,[a-z][a-z0-9-]*=https?://[^,=\\s]+)*$';

export const ConfigSchema = Type.Object({
  host: Type.String({
    env: 'HOST',
    default: '127.0.0.1',
    minLength: 1,
    description: 'an address to listen on',
  }),
  port: int('PORT', 0, 65535, 3000, 'a TCP port'),
  publicUrl: url('VEZA_PUBLIC_URL', 'the public base URL, e.g. https://veza.example'),
  dataDir: Type.String({
    env: 'VEZA_DATA_DIR',
    default: './data',
    minLength: 1,
    description: 'a directory path',
  }),
  services: Type.Optional(
    Type.String({ env: 'VEZA_SERVICES', pattern: names, description: 'service names separated by commas' }),
  ),
  namespace: Type.String({
    env: 'VEZA_NAMESPACE',
    default: 'veza',
    pattern: '^[a-z][a-z0-9-]{0,30}$',
    description: 'a lowercase name (prefix of RabbitMQ exchanges and queues and of Redis keys)',
  }),
  databaseUrl: url('DATABASE_URL', 'a postgres:// URL', true),
  databasePoolSize: int('DATABASE_POOL_SIZE', 1, 500, 20),
  redisUrl: url('REDIS_URL', 'a redis:// URL', true),
  amqpUrl: url('AMQP_URL', 'an amqp:// URL', true),
  s3Endpoint: url('S3_ENDPOINT', 'an http(s):// URL of an S3-compatible endpoint'),
  s3Bucket: Type.Optional(Type.String({ env: 'S3_BUCKET', minLength: 3, description: 'an S3 bucket name' })),
  s3Region: Type.String({
    env: 'S3_REGION',
    default: 'us-east-1',
    minLength: 1,
    description: 'an S3 region',
  }),
  s3AccessKeyId: Type.Optional(
    Type.String({ env: 'S3_ACCESS_KEY_ID', secret: true, minLength: 1, description: 'an access key id' }),
  ),
  s3SecretAccessKey: Type.Optional(
    Type.String({ env: 'S3_SECRET_ACCESS_KEY', secret: true, minLength: 1, description: 'a secret key' }),
  ),
  s3ForcePathStyle: Type.Boolean({ env: 'S3_FORCE_PATH_STYLE', default: true, description: 'true or false' }),
  smtpUrl: url('SMTP_URL', 'an smtp:// or smtps:// URL', true),
  mailFrom: Type.String({
    env: 'MAIL_FROM',
    default: 'Veza <no-reply@veza.local>',
    description: 'a From address',
  }),
  logLevel: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((level) => Type.Literal(level)),
    {
      env: 'LOG_LEVEL',
      default: 'info',
      description: 'one of fatal, error, warn, info, debug, trace, silent',
    },
  ),
  bodyLimit: int('VEZA_BODY_LIMIT', 1024, 1_073_741_824, 1_048_576, 'a size in bytes'),
  relayIntervalMs: int('VEZA_RELAY_INTERVAL_MS', 5, 60_000, 200, 'milliseconds'),
  shutdownTimeoutMs: int('VEZA_SHUTDOWN_TIMEOUT_MS', 100, 600_000, 15_000, 'milliseconds'),
  gatewayRoutes: Type.Optional(
    Type.String({
      env: 'VEZA_GATEWAY_ROUTES',
      pattern: routes,
      description:
        'area=url pairs separated by commas, e.g. users=http://127.0.0.1:4001,gateway=http://127.0.0.1:4002',
    }),
  ),
  webDist: Type.Optional(
    Type.String({ env: 'VEZA_WEB_DIST', minLength: 1, description: 'a directory path' }),
  ),
  masterKey: Type.Optional(
    Type.String({
      env: 'VEZA_MASTER_KEY',
      secret: true,
      pattern: '^[A-Za-z0-9+/]{43}=$',
      description: '32 bytes in base64 (openssl rand -base64 32)',
    }),
  ),
  jwksUrl: url('VEZA_JWKS_URL', "an http(s):// URL of the auth service's /.well-known/jwks.json"),
  accessTokenTtlSeconds: int('VEZA_ACCESS_TOKEN_TTL_SECONDS', 1, 86_400, 900, 'seconds'),
  refreshTokenTtlDays: int('VEZA_REFRESH_TOKEN_TTL_DAYS', 1, 365, 30, 'days'),
  signingKeyRotationSeconds: int('VEZA_SIGNING_KEY_ROTATION_SECONDS', 1, 31_536_000, 604_800, 'seconds'),
  oidcProviders: Type.Optional(
    Type.String({
      env: 'VEZA_OIDC_PROVIDERS',
      secret: true,
      minLength: 2,
      description:
        'a JSON array of {"id","issuer","clientId","clientSecret","scopes"?,"name"?} or {"preset":"google",...}',
    }),
  ),
  adminEmails: Type.Optional(
    Type.String({
      env: 'VEZA_ADMIN_EMAILS',
      pattern: '^[^,\\s]+@[^,\\s]+(,[^,\\s]+@[^,\\s]+)*$',
      description: 'email addresses separated by commas; accounts signing up with them become admins',
    }),
  ),
  maxUploadBytes: int('VEZA_MAX_UPLOAD_BYTES', 1024, 68_719_476_736, 1_073_741_824, 'a size in bytes'),
  maxTrackSeconds: int('VEZA_MAX_TRACK_SECONDS', 1, 86_400, 14_400, 'seconds'),
  transcodeConcurrency: int(
    'VEZA_TRANSCODE_CONCURRENCY',
    0,
    64,
    1,
    'a number of parallel transcodes (0: none here)',
  ),
  transcodeLeaseSeconds: int('VEZA_TRANSCODE_LEASE_SECONDS', 2, 3_600, 60, 'seconds'),
  transcodeMaxAttempts: int('VEZA_TRANSCODE_MAX_ATTEMPTS', 1, 20, 3, 'a number of attempts'),
  cdnBaseUrl: url(
    'VEZA_CDN_BASE_URL',
    'an http(s):// base URL that proxies /api/v1/stream, e.g. https://cdn.veza.example',
  ),
  mediaUrlTtlSeconds: int('VEZA_MEDIA_URL_TTL_SECONDS', 10, 604_800, 21_600, 'seconds'),
  otelEndpoint: url('OTEL_EXPORTER_OTLP_ENDPOINT', 'an http(s):// OTLP endpoint'),
  otelServiceName: Type.String({
    env: 'OTEL_SERVICE_NAME',
    default: 'veza',
    minLength: 1,
    description: 'a name',
  }),
});

export type Config = Static<typeof ConfigSchema>;
export type ConfigKey = keyof Config;

interface SettingOptions {
  env: string;
  secret?: boolean;
  description: string;
}

export function settingOptions(key: ConfigKey): SettingOptions {
  return ConfigSchema.properties[key] as unknown as SettingOptions;
}
