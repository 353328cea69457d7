// How `deconflict verify URL` reads a hub: an operator with its key reads the entries; anyone else
// (an auditor, a witness's operator, an inquiry) reads the hash tiles, with a reader key where the
// hub names its readers.
import { InvalidArgumentError } from 'commander';
import { RecordReaderClient, RecordReaderKey } from '../client/record-reader-client.js';
import type { RecordRoutes } from '../client/record-routes.js';
import { entryLeaves, type LeafSource, tileLeaves } from './leaf-source.js';
import { client } from './operator-options.js';

export function monitorAccess(
  hub: string,
  options: { key?: string; readerKey?: string },
): { client: RecordRoutes; source: LeafSource } {
  if (options.key && options.readerKey)
    throw new InvalidArgumentError('give --key (an operator) or --reader-key (a named reader), not both');
  if (options.key) {
    const operator = client({ hub, key: options.key });
    return { client: operator, source: entryLeaves(operator) };
  }
  const reader = new RecordReaderClient(
    hub,
    options.readerKey ? RecordReaderKey.fromFile(options.readerKey) : null,
  );
  return { client: reader, source: tileLeaves(reader) };
}
