// A writer in a process of its own, for the lease tests to pause: it opens the store, acquires the
// writer's lease, says so on stdout, and when continued after a SIGSTOP (SIGCONT) tries to commit
// one entry and to renew the lease, printing what each did as one JSON line.
import { PostgresqlStore } from '../../src/store/postgresql-store.js';

const [url, verifierKey, holder, ttlMs] = process.argv.slice(2) as [string, string, string, string];
const store = await PostgresqlStore.open(url, verifierKey);
const lease = await store.acquireWriterLease(holder, `http://${holder}`, Number(ttlMs));
const size = await store.size();
process.stdout.write(`${JSON.stringify({ acquired: lease.epoch, size })}\n`);

const outcome = (attempt: Promise<unknown>) =>
  attempt.then(
    () => 'done',
    (error: Error) => `${error.name}: ${error.message}`,
  );

// Alive until continued, whatever the pool's connections do meanwhile.
const alive = setInterval(() => {}, 60_000);
process.once('SIGCONT', async () => {
  clearInterval(alive);
  const commit = await outcome(
    store.commit({
      entries: [
        {
          index: size,
          kind: 'paused',
          time: new Date().toISOString(),
          visibility: ['*'],
          bytes: new Uint8Array([1]),
        },
      ],
      nodes: [],
      checkpoint: { size: size + 1, text: `paused writer ${holder}` },
    }),
  );
  const renew = await outcome(store.renewWriterLease(Number(ttlMs)));
  process.stdout.write(`${JSON.stringify({ commit, renew })}\n`);
  await store.close();
});
