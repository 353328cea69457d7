// `deconflict witness`: run a C2SP witness for one or more logs (a hub's record
// among them). Its key is made in --data on the first start; its verifier key
// is printed on stdout, for the logs and their users to configure.
import { existsSync, mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { CosignedStore, WITNESS_DB_FILE } from '../witness/cosigned-store.js';
import { Witness } from '../witness/witness.js';
import { loadOrCreateWitnessKey, WITNESS_KEY_FILE } from '../witness/witness-key.js';
import { serveWitness } from '../witness/witness-server.js';
import {
  parseWitnessedLog,
  readWitnessedLogsFile,
  type WitnessedLog,
  witnessedLogs,
} from '../witness/witnessed-logs.js';

export function witnessCommand(program: Command, port: (value: string) => number): void {
  program
    .command('witness')
    .description('cosign the checkpoints of logs (e.g. a hub’s record) that extend what was cosigned before')
    .option('--data <dir>', 'where the witness keeps its key and what it cosigned', './witness')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on', port, 8090)
    .option('--name <name>', 'the witness’s name, on its first start (e.g. witness.example.org/blue)')
    .option(
      '--log <vkey>',
      'a log to witness: its verifier key, and after a space its origin if not the key’s name (repeatable)',
      (value: string, logs: WitnessedLog[]) => [...logs, parseWitnessedLog(value)],
      [],
    )
    .option('--logs <file>', 'a file of logs to witness, one per line as for --log')
    .action(async (options) => {
      const logs: WitnessedLog[] = [
        ...options.log,
        ...(options.logs ? readWitnessedLogsFile(options.logs) : []),
      ];
      if (logs.length === 0) throw new Error('name at least one log to witness, with --log or --logs');
      const dir = resolve(options.data);
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      // A name is needed only to make the key; the default must not contradict a key made with --name.
      const firstStart = !existsSync(join(dir, WITNESS_KEY_FILE));
      const key = loadOrCreateWitnessKey(
        dir,
        options.name ?? (firstStart ? `${hostname()}/witness` : undefined),
      );
      const store = new CosignedStore(join(dir, WITNESS_DB_FILE));
      const witnessed = witnessedLogs(logs);
      const running = await serveWitness(new Witness(key, witnessed, store), {
        host: options.host,
        port: options.port,
      });
      console.log(key.verifierKey);
      console.error(
        `deconflict: witness ${key.name} serving at ${running.url} for ${[...witnessed.keys()].join(', ')}`,
      );
      const stop = async () => {
        await running.close();
        store.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
