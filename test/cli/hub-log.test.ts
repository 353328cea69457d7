// What a served hub writes to its log: readable lines on a terminal, JSON lines for a collector,
// no line per request unless DECONFLICT_LOG_LEVEL asks for debug, and a mistyped level refused
// at start naming the variable.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { stripVTControlCharacters } from 'node:util';
import { describeRun, runCli, ServeProcess } from '../support/cli.js';
import { type FoundedHub, foundTestHub } from '../support/hub.js';
import { until } from '../support/until.js';

const REPO = join(import.meta.dirname, '..', '..');

describe('the hub’s log', { timeout: 180_000 }, () => {
  let hub: FoundedHub;
  let data = '';

  before(async () => {
    hub = await foundTestHub();
    data = hub.dir.path;
  });
  after(() => hub?.remove());

  /**
   * Serves, asks for the health check `requests` times, stops; returns what the hub wrote on stdout,
   * after checking that its stderr holds no warning of the runtime or its libraries.
   */
  async function stdoutAfterRequests(env: Record<string, string>, requests: number): Promise<string> {
    const hub = await ServeProcess.start(data, [], env);
    for (let i = 0; i < requests; i++) assert.equal((await fetch(`${hub.url}/healthz`)).status, 200);
    await hub.stop();
    const [stderr = '', stdout = ''] = hub.output.replace(/^stderr: /, '').split('\nstdout (tail): ');
    assert.doesNotMatch(stderr, /warning|deprecat/i);
    return stdout;
  }

  test('for a collector: JSON lines, and a line per request only at debug', async () => {
    const quiet = await stdoutAfterRequests({}, 20);
    const lines = quiet.trim().split('\n').filter(Boolean);
    for (const line of lines) assert.doesNotThrow(() => JSON.parse(line), line);
    assert.equal(
      lines.filter((line) => line.includes('/healthz')).length,
      0,
      `requests logged at info:\n${quiet.slice(0, 2000)}`,
    );
    const debug = await stdoutAfterRequests({ DECONFLICT_LOG_LEVEL: 'debug' }, 20);
    const requests = debug
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { msg?: string; url?: string; status?: number })
      .filter((line) => line.msg === 'request' && line.url === '/healthz');
    assert.equal(requests.length, 20);
    assert.equal(requests[0]?.status, 200);
  });

  test('on a terminal: readable lines, not JSON', async () => {
    // `script` gives the hub a terminal of its own, as an officer running `npm start` has.
    const command = [
      process.execPath,
      '--import',
      'tsx',
      join(REPO, 'src/cli/main.ts'),
      'serve',
      '--data',
      data,
    ]
      .concat(['--port', '0'])
      .map((part) => `'${part}'`)
      .join(' ');
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let seen = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      seen += chunk;
    });
    try {
      await until('the hub to say it listens', () => /Server listening at/.test(seen), 60_000);
      // pino-pretty's form: a time, the level's name, the message; ANSI colours on a terminal.
      const plain = stripVTControlCharacters(seen);
      assert.match(plain, /\[\d\d:\d\d:\d\d\] INFO.*Server listening at http:\/\/127\.0\.0\.1:\d+/);
      assert.doesNotMatch(plain, /"level":\s*30/);
    } finally {
      child.kill('SIGTERM');
    }
  });

  test('a mistyped level stops the hub at start, naming the variable', async () => {
    const start = await runCli(['serve', '--data', data, '--port', '0'], {
      env: { DECONFLICT_LOG_LEVEL: 'loud' },
    });
    assert.notEqual(start.code, 0, describeRun(start));
    assert.match(
      start.stderr,
      /DECONFLICT_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, not "loud"/,
    );
  });
});
