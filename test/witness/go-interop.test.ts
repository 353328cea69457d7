// Interop: the witness, run as `deconflict witness`, cosigns the checkpoints of
// logs built and signed by Go's golang.org/x/mod/sumdb (tlog, note), and refuses
// their forks. Needs Debian's golang-go and golang-golang-x-mod-dev; without them
// this test fails, saying so, rather than being skipped.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { decodeBase64, parseCheckpoint, verifyCosignatures } from '../../src/record/index.js';
import { requestCosignature } from '../../src/witness/witness-client.js';
import { printed, REPO, runCli } from '../support/cli.js';
import { oracleVerifyByVkey } from '../support/cosignature-oracle.js';
import { tempDir } from '../support/temp-dir.js';
import { startWitnessProcess } from '../support/witness.js';

interface GoRequest {
  old: number;
  proof: string[];
  checkpoint: string;
}
interface GoLog {
  origin: string;
  vkey: string;
  growing: GoRequest[];
  fork_same_size: GoRequest;
  fork_ahead: GoRequest;
}

async function runGoLog(): Promise<GoLog[]> {
  try {
    const { stdout } = await promisify(execFile)('go', ['run', 'go-log.go'], {
      cwd: join(REPO, 'test/witness'),
      env: { ...process.env, GO111MODULE: 'off', GOPATH: '/usr/share/gocode' },
    });
    return JSON.parse(stdout) as GoLog[];
  } catch (error) {
    assert.fail(
      `could not run the Go log (install golang-go and golang-golang-x-mod-dev): ${(error as Error).message}`,
    );
  }
}

const asRequest = (r: GoRequest) => ({
  oldSize: r.old,
  proof: r.proof.map((line) => decodeBase64(line) as Uint8Array),
  checkpoint: r.checkpoint,
});
const noteText = (note: string) => note.slice(0, note.lastIndexOf('\n\n') + 1);

describe('a witness of logs signed by Go’s sumdb packages', () => {
  const data = tempDir('deconflict-witness-go-');
  let logs: GoLog[];
  let args: string[];
  before(async () => {
    logs = await runGoLog();
    const [named, sumdb] = logs as [GoLog, GoLog];
    // One log on the command line, the other (whose origin is not its key's name) in a file.
    const file = join(data.path, 'logs.txt');
    writeFileSync(file, `# the Go checksum database's shape\n${sumdb.vkey} ${sumdb.origin}\n`);
    args = [
      '--data',
      join(data.path, 'witness'),
      '--name',
      'witness.test/go',
      '--log',
      named.vkey,
      '--logs',
      file,
    ];
  });
  after(() => data.remove());

  test('cosigns their growing trees, and refuses their forks before and after a restart', async () => {
    let witness = await startWitnessProcess(args);
    try {
      assert.match(witness.verifierKey, /^witness\.test\/go\+[0-9a-f]{8}\+/);
      for (const log of logs) {
        for (const request of log.growing) {
          const result = await requestCosignature(witness.url, asRequest(request));
          assert.equal(
            result.kind,
            'cosigned',
            `${log.origin} from ${request.old}: ${JSON.stringify(result)}`,
          );
          const line = `${(result as { signatures: string[] }).signatures[0]}\n`;
          assert.ok(oracleVerifyByVkey(witness.verifierKey, noteText(request.checkpoint), line));
          const check = verifyCosignatures(request.checkpoint + line, {
            logVerifier: log.vkey,
            witnesses: [witness.verifierKey],
            quorum: 1,
          });
          assert.equal(check.quorumMet, true);
          assert.equal(check.checkpoint.origin, log.origin);
        }
      }
      for (let round = 0; round < 2; round++) {
        for (const log of logs) {
          const same = await requestCosignature(witness.url, asRequest(log.fork_same_size));
          assert.equal(same.kind === 'refused' && same.status, 409, JSON.stringify(same));
          const ahead = await requestCosignature(witness.url, asRequest(log.fork_ahead));
          assert.equal(ahead.kind === 'refused' && ahead.status, 422, JSON.stringify(ahead));
          const last = log.growing.at(-1) as GoRequest;
          const size = parseCheckpoint(noteText(last.checkpoint)).size;
          assert.deepEqual(
            await requestCosignature(witness.url, { ...asRequest(last), oldSize: 0, proof: [] }),
            {
              kind: 'size-mismatch',
              size,
            },
          );
        }
        const key = witness.verifierKey;
        await witness.stop();
        // Restarted without --name: the name is in its key file.
        witness = await startWitnessProcess(args.filter((a) => a !== '--name' && a !== 'witness.test/go'));
        assert.equal(witness.verifierKey, key);
      }
    } finally {
      await witness.stop();
    }
    // Each fork the Go logs signed is kept, next to the checkpoint it contradicts.
    const listed = await runCli(['witness-refusals', '--data', join(data.path, 'witness')]);
    const refusals =
      printed<{ origin: string; reason: string; checkpoint: string; cosigned: string }[]>(listed);
    for (const log of logs) {
      const ofLog = refusals.filter((r) => r.origin === log.origin);
      assert.deepEqual(
        ofLog.map((r) => r.reason),
        ['fork', 'inconsistent', 'fork', 'inconsistent'],
      );
      assert.equal(ofLog[0]?.checkpoint, log.fork_same_size.checkpoint);
      assert.equal(ofLog[0]?.cosigned, log.growing.at(-1)?.checkpoint);
    }
  });
});
