import { runCli } from './cli/run-cli.ts';
import { services } from './services.ts';

process.exitCode = await runCli(process.argv.slice(2), services);
