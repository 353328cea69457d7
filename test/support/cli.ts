import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The environment of a child: ours, without any DECONFLICT_* defaults that would change what it does. */
function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('DECONFLICT_') && !name.startsWith('NODE_TEST')) env[name] = value;
  }
  return { ...env, NO_COLOR: '1', ...extra };
}

/** How a child runs: the source tree whose code runs (default this repository), and Node's own flags. */
export interface CliRuntime {
  tree?: string;
  nodeArgs?: readonly string[];
}

export function spawnCli(
  args: readonly string[],
  env?: Record<string, string>,
  { tree = REPO, nodeArgs = [] }: CliRuntime = {},
): ChildProcess {
  // tsx is resolved from the tree, so children run there; paths given to them are absolute.
  return spawn(process.execPath, [...nodeArgs, '--import', 'tsx', join(tree, 'src/cli/main.ts'), ...args], {
    cwd: tree,
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `deconflict …` to its end. */
export function runCli(
  args: readonly string[],
  options: { env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<CliResult> {
  const child = spawnCli(args, options.env);
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  return new Promise((resolvePromise, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr });
    });
  });
}

/** Parses the JSON a CLI command printed. */
export function printed<T = Record<string, unknown>>(result: CliResult): T {
  try {
    return JSON.parse(result.stdout) as T;
  } catch {
    throw new Error(`not JSON on stdout (exit ${result.code}): ${result.stdout}\n${result.stderr}`);
  }
}

export function describeRun(result: CliResult): string {
  return `exit ${result.code} signal ${result.signal}\nstdout: ${result.stdout.slice(0, 2000)}\nstderr: ${result.stderr.slice(0, 2000)}`;
}

/** Founds a hub with `deconflict init` on the PostgreSQL database at `url`; throws if refused. */
export async function initOnPostgresql(
  data: string,
  origin: string,
  adminPublicKey: string,
  url: string,
): Promise<void> {
  const founded = await runCli([
    'init',
    '--data',
    data,
    '--origin',
    origin,
    '--admin-public-key',
    adminPublicKey,
    '--store',
    url,
  ]);
  if (founded.code !== 0) throw new Error(`init refused: ${describeRun(founded)}`);
}

const KEEP_OUTPUT = 64 * 1024;

/** `deconflict serve` as a child process, on a free port. */
export class ServeProcess {
  private stdoutTail = '';
  private stderrText = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    this.exited = new Promise((resolvePromise) => {
      if (child.exitCode !== null || child.signalCode !== null) {
        resolvePromise({ code: child.exitCode, signal: child.signalCode });
      } else child.once('exit', (code, signal) => resolvePromise({ code, signal }));
    });
  }

  get pid(): number {
    return this.child.pid as number;
  }

  /** Starts serving `dataPath` and waits until it listens; rejects with its output if it exits first. */
  static start(
    dataPath: string,
    extraArgs: readonly string[] = [],
    env: Record<string, string> = {},
    runtime: CliRuntime = {},
  ): Promise<ServeProcess> {
    const child = spawnCli(['serve', '--data', dataPath, '--port', '0', ...extraArgs], env, runtime);
    let stderr = '';
    let stdout = '';
    // The hub logs every request on stdout: read it, or a full pipe would stall the hub.
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout = (stdout + chunk).slice(-KEEP_OUTPUT);
    });
    return new Promise((resolvePromise, reject) => {
      const onData = (chunk: string) => {
        stderr += chunk;
        const url = /serving \S+ at (https?:\/\/[^\s]+)/.exec(stderr)?.[1];
        if (url) {
          child.stderr?.off('data', onData);
          child.off('exit', onExit);
          const serve = new ServeProcess(child, url);
          serve.stderrText = stderr;
          child.stderr?.on('data', (more: string) => {
            serve.stderrText = (serve.stderrText + more).slice(-KEEP_OUTPUT);
          });
          child.stdout?.on('data', (more: string) => {
            serve.stdoutTail = (serve.stdoutTail + more).slice(-KEEP_OUTPUT);
          });
          resolvePromise(serve);
        }
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
        reject(
          Object.assign(
            new Error(`serve exited (${code ?? signal}) before listening:\n${stderr}\n${stdout}`),
            {
              code,
              stderr,
            },
          ),
        );
      child.stderr?.setEncoding('utf8').on('data', onData);
      child.once('exit', onExit);
      child.once('error', reject);
    });
  }

  /** Runs serve expecting it to refuse to start; resolves with how it ended. */
  static async refusal(dataPath: string): Promise<CliResult> {
    return runCli(['serve', '--data', dataPath, '--port', '0']);
  }

  get output(): string {
    return `stderr: ${this.stderrText}\nstdout (tail): ${this.stdoutTail.slice(-4000)}`;
  }

  kill(signal: NodeJS.Signals): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
  }

  /** Stops it with SIGTERM (a clean stop) and waits for it to exit. */
  async stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    this.kill('SIGTERM');
    const timer = setTimeout(() => this.kill('SIGKILL'), 20_000);
    const ended = await this.exited;
    clearTimeout(timer);
    return ended;
  }
}
