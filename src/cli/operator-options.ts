// What every command that talks to a hub as an operator shares: where the hub is, which key signs,
// and the client made of the two.
import type { Command } from 'commander';
import { HubClient } from '../client/hub-client.js';
import { OperatorSigner } from '../client/operator-signer.js';

export interface OperatorOptions {
  hub: string;
  key: string;
}

export function client(options: OperatorOptions): HubClient {
  return new HubClient(options.hub, OperatorSigner.fromFile(options.key));
}

/** Adds --hub and --key to a command. */
export function asOperator(command: Command): Command {
  return command
    .option('--hub <url>', 'the hub’s base URL', process.env.DECONFLICT_HUB ?? 'http://127.0.0.1:8080')
    .requiredOption(
      '--key <file>',
      'your operator key (PEM, from `deconflict keygen`)',
      process.env.DECONFLICT_KEY,
    );
}
