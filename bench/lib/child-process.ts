import { fork } from 'node:child_process';

/** A child process speaking one message protocol. */
export class Child<Request, Message extends { type: string }> {
  private readonly waiters: { type: string; resolve(message: Message): void }[] = [];
  readonly exited: Promise<number | null>;

  constructor(
    file: string,
    execArgv: string[],
    private readonly onOther: (message: Message) => void = () => {},
  ) {
    const child = fork(file, [], {
      execArgv: ['--import', 'tsx', ...execArgv],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child = child;
    child.on('message', (message: Message) => {
      const i = this.waiters.findIndex((w) => w.type === message.type);
      if (i >= 0) this.waiters.splice(i, 1)[0]?.resolve(message);
      else this.onOther(message);
    });
    this.exited = new Promise((resolve) => child.on('exit', resolve));
  }

  private readonly child: ReturnType<typeof fork>;

  get pid(): number {
    return this.child.pid as number;
  }

  send(request: Request): void {
    this.child.send(request as never);
  }

  /** The next message of this type; rejects if the child exits first. */
  next<T extends Message['type']>(type: T): Promise<Extract<Message, { type: T }>> {
    return Promise.race([
      new Promise<Extract<Message, { type: T }>>((resolve) =>
        this.waiters.push({ type, resolve: resolve as (message: Message) => void }),
      ),
      this.exited.then((code) => {
        throw new Error(`child ${type === 'stopped' ? '' : 'exited early '}with ${code}`);
      }),
    ]);
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill();
  }
}
