import { readFileSync } from 'node:fs';
import { InvalidArgumentError } from 'commander';
import type { TakGatewayOptions } from '../feeds/tak-gateway.js';

/** The CoT port's TLS files: all three (certificate, key, clients' CA) or none, for plain TCP. */
export function cotTls(options: {
  cotTlsCert?: string;
  cotTlsKey?: string;
  cotTlsCa?: string;
}): Pick<TakGatewayOptions, 'tls'> {
  const files = [options.cotTlsCert, options.cotTlsKey, options.cotTlsCa];
  if (files.every((file) => file === undefined)) return {};
  if (files.some((file) => file === undefined))
    throw new InvalidArgumentError('--cot-tls-cert, --cot-tls-key and --cot-tls-ca go together');
  const [cert, key, ca] = files.map((file) => readFileSync(file as string));
  return { tls: { cert: cert as Buffer, key: key as Buffer, ca: ca as Buffer } };
}
