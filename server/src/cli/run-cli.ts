import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, redactedConfig } from '../kernel/config/load-config.ts';
import { openDatabase } from '../kernel/db/database.ts';
import { migrate } from '../kernel/db/migrations.ts';
import { startGateway } from '../kernel/gateway/start-gateway.ts';
import { rebuildProjection } from '../kernel/runtime/rebuild-projection.ts';
import { migrationSets } from '../kernel/runtime/service-host.ts';
import { startRuntime } from '../kernel/runtime/start-runtime.ts';
import type { ServiceModule } from '../kernel/service-module.ts';
import { encryptingServices, NoDataKeysError, rotateDataKeys } from './rotate-data-key.ts';

const USAGE = `Usage: veza <command> [options]

Commands:
  start [--services=a,b]    run the services (all of them by default) in this process
  gateway                   route /api/v1/<area> and /gateway to the processes in VEZA_GATEWAY_ROUTES
  migrate [--services=a,b]  apply pending database migrations and exit
  rebuild <projection>      drop a projection's read model and rebuild it by replaying events
  keys rotate-data-key [--service=auth]
                            make a new data key active for encrypted fields (all encrypting services by
                            default); older values stay readable and are re-encrypted as they are read
  config                    print the effective configuration (secrets redacted)

Configuration comes from environment variables: see README.md.`;

/** A failure the user can fix: printed as one line, no stack. */
class UsageError extends Error {}

function selectServices(registry: readonly ServiceModule[], names: string | undefined): ServiceModule[] {
  if (!names) return [...registry];
  const wanted = names
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = wanted.filter((name) => !registry.some((service) => service.name === name));
  if (unknown.length > 0) {
    const known = registry.map((service) => service.name).join(', ') || 'none';
    throw new UsageError(`Unknown service(s): ${unknown.join(', ')}. Known: ${known}`);
  }
  return registry.filter((service) => wanted.includes(service.name));
}

/** Resolves once `stop` has finished after SIGTERM or SIGINT; a second signal exits at once. */
function stopOnSignal(stop: () => Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    const handler = () => {
      process.off('SIGTERM', handler).off('SIGINT', handler);
      process.once('SIGTERM', () => process.exit(1)).once('SIGINT', () => process.exit(1));
      stop().then(resolve, (error: unknown) => {
        console.error(error);
        process.exit(1);
      });
    };
    process.on('SIGTERM', handler).on('SIGINT', handler);
  });
}

async function run(
  command: string,
  rest: string[],
  servicesFlag: string | undefined,
  registry: readonly ServiceModule[],
  serviceFlag?: string,
) {
  const config = loadConfig(process.env, servicesFlag ? { services: servicesFlag } : {});
  const selected = () => selectServices(registry, config.services);
  switch (command) {
    case 'start': {
      const runtime = await startRuntime({ config, services: selected() });
      await stopOnSignal(() => runtime.stop());
      return;
    }
    case 'gateway': {
      const gateway = await startGateway(config);
      await stopOnSignal(() => gateway.stop());
      return;
    }
    case 'migrate': {
      const database = await openDatabase({
        databaseUrl: config.databaseUrl,
        dataDir: config.dataDir,
        poolSize: 2,
      });
      try {
        const applied = await migrate(database.kysely, migrationSets(selected()));
        console.log(applied.length ? `Applied:\n  ${applied.join('\n  ')}` : 'Database is up to date.');
      } finally {
        await database.close();
      }
      return;
    }
    case 'rebuild': {
      const [projection] = rest;
      if (!projection) throw new UsageError('Usage: veza rebuild <projection>');
      const runtime = await startRuntime({ config, services: selected(), listen: false, background: false });
      try {
        const { replayed } = await rebuildProjection(runtime, projection);
        console.log(`Rebuilt ${projection} from ${replayed} events.`);
      } finally {
        await runtime.stop();
      }
      return;
    }
    case 'keys': {
      if (rest[0] !== 'rotate-data-key')
        throw new UsageError('Usage: veza keys rotate-data-key [--service=auth]');
      const encrypting = encryptingServices(serviceFlag ? selectServices(registry, serviceFlag) : selected());
      if (serviceFlag && encrypting.length === 0)
        throw new UsageError(`${serviceFlag} keeps no encrypted fields`);
      const rotated = await rotateDataKeys(config, encrypting).catch((error: unknown) => {
        throw error instanceof NoDataKeysError ? new UsageError(error.message) : error;
      });
      for (const [service, keyId] of Object.entries(rotated))
        console.log(
          `${service}: data key ${keyId} is active; older values are re-encrypted as they are read.`,
        );
      return;
    }
    case 'config':
      console.log(JSON.stringify(redactedConfig(config), null, 2));
      return;
    default:
      throw new UsageError(`Unknown command "${command}".\n${USAGE}`);
  }
}

/** The `veza` command. Returns the exit code: 0 done, 1 failed or bad configuration, 2 bad usage. */
export async function runCli(argv: readonly string[], registry: readonly ServiceModule[]): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: {
        services: { type: 'string' },
        service: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
    });
    const [command, ...rest] = positionals;
    if (values.help || !command) {
      console.log(USAGE);
      return values.help ? 0 : 2;
    }
    await run(command, rest, values.services, registry, values.service);
    return 0;
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 1;
    }
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error((error as Error).message);
      return 2;
    }
    console.error(error);
    return 1;
  }
}
