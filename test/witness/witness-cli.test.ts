// `deconflict witness` refuses to start on what would make it a witness of
// nothing, of the wrong log, or of someone else's name.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/temp-dir.js';
import { startWitnessProcess, TestLog } from '../support/witness.js';

const data = tempDir('deconflict-witness-cli-');
after(() => data.remove());
const log = new TestLog('log.test/cli', 8);

test('refuses to start without a log, or with a key that is no log key, and makes no key', async () => {
  const dir = join(data.path, 'none');
  for (const [args, message] of [
    [[], /name at least one log/],
    [['--log', 'garbage'], /"garbage" is not a log's verifier key/],
    [['--log', `${log.verifierKey} `], /is not an origin line/],
  ] as const) {
    const result = await runCli(['witness', '--data', dir, '--port', '0', ...args]);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, message);
  }
  assert.equal(existsSync(join(dir, 'witness.key')), false);
});

test('keeps the name it was first given, and refuses another', async () => {
  const dir = join(data.path, 'named');
  const witness = await startWitnessProcess([
    '--data',
    dir,
    '--name',
    'witness.test/first',
    '--log',
    log.verifierKey,
  ]);
  await witness.stop();
  const renamed = await runCli([
    'witness',
    '--data',
    dir,
    '--port',
    '0',
    '--name',
    'witness.test/second',
    '--log',
    log.verifierKey,
  ]);
  assert.equal(renamed.code, 1);
  assert.match(renamed.stderr, /named witness\.test\/first, not witness\.test\/second/);
});
