// Where a V8 CPU profile (the format node --cpu-prof writes) spends its time, by stage of the command
// path. Each sample goes to the innermost frame on its stack that begins a stage, so that, say, the
// exact geometry run by the conflict search counts as the conflict search's exact decision while the
// same functions run to read a declaration count as reading it.

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

interface Stage {
  name: string;
  /** A path fragment of the file, and the function names that begin the stage there (any if absent). */
  url: string;
  functions?: string[];
}

/** In no particular order: the innermost match on the stack wins. */
const STAGES: Stage[] = [
  {
    name: 'conflict search: exact pair decision (volumesConflict)',
    url: '/src/geo/volume.ts',
    functions: ['volumesConflict'],
  },
  {
    name: 'conflict search: R-trees, pre-filter, pair rules',
    url: '/src/deconfliction/deconfliction-state.ts',
    functions: ['conflictsOf'],
  },
  {
    name: 'conflict search: R-trees, pre-filter, pair rules',
    url: '/src/deconfliction/conflict-index.ts',
    functions: ['conflicts'],
  },
  {
    name: 'reading the declaration (GeoJSON to checked shapes)',
    url: '/src/deconfliction/read-declaration.ts',
    functions: ['readDeclaration'],
  },
  {
    name: 'conflicts found: extents, 409 views, conflicts.found entry',
    url: '/src/hub/commands/declaration-admission.ts',
    functions: ['recordedShape', 'unacknowledgedProblem'],
  },
  {
    name: 'conflicts found: extents, 409 views, conflicts.found entry',
    url: '/src/hub/commands/conflicts-found.ts',
    functions: ['conflictsFoundCommand'],
  },
  {
    name: 'conflicts found: extents, 409 views, conflicts.found entry',
    url: '/src/deconfliction/known-conflicts.ts',
  },
  {
    name: 'applying conflicts.found (state)',
    url: '/src/hub/commands/conflicts-found.ts',
    functions: ['apply'],
  },
  {
    name: 'indexing the admitted declaration (put: R-tree insert)',
    url: '/src/deconfliction/deconfliction-state.ts',
    functions: ['put'],
  },
  {
    name: 'indexing the admitted declaration (put: R-tree insert)',
    url: '/src/hub/commands/declaration-admission.ts',
    functions: ['declarationFrom'],
  },
  {
    name: 'command schema check (validateCommand)',
    url: '/src/hub/validate-command.ts',
    functions: ['validateCommand'],
  },
  { name: 'authentication (key lookup, JCS of the signed bytes)', url: '/src/hub/authenticate.ts' },
  { name: 'signature check hand-off to the verify worker', url: '/src/hub/signature-pool.ts' },
  {
    name: 'entry encoding (encodeEntry: check + JCS)',
    url: '/src/record/entry.ts',
    functions: ['encodeEntry'],
  },
  { name: 'Merkle hashing (leaf hashes, tree nodes)', url: '/src/record/hash.ts' },
  { name: 'Merkle hashing (leaf hashes, tree nodes)', url: '/src/hub/stored-record.ts' },
  { name: 'signing (checkpoint, hub entries)', url: '/src/record/note.ts', functions: ['signNote'] },
  { name: 'signing (checkpoint, hub entries)', url: '/src/hub/hub.ts', functions: ['hubEntry'] },
  { name: 'SQLite commit (insert, WAL write, fsync)', url: '/src/store/sqlite-store.ts' },
  { name: 'SQLite commit (insert, WAL write, fsync)', url: '/src/store/sqlite-bulk-insert.ts' },
  { name: 'SQLite commit (insert, WAL write, fsync)', url: '/better-sqlite3/' },
  {
    name: 'PostgreSQL commit: the writer’s lease check (fence)',
    url: '/src/store/postgresql-lease.ts',
    functions: ['fence'],
  },
  {
    name: 'PostgreSQL commit (statements, round trips, pg protocol)',
    url: '/src/store/postgresql-store.ts',
  },
  { name: 'PostgreSQL commit (statements, round trips, pg protocol)', url: '/src/store/postgresql-pool.ts' },
  { name: 'PostgreSQL commit (statements, round trips, pg protocol)', url: '/node_modules/pg' },
  { name: 'request log (pino)', url: '/node_modules/pino' },
  { name: 'request log (pino)', url: '/node_modules/sonic-boom' },
  { name: 'HTTP: Fastify, JSON parse and schema, response, sockets', url: '/node_modules/fastify' },
  { name: 'HTTP: Fastify, JSON parse and schema, response, sockets', url: '/node_modules/find-my-way' },
  { name: 'HTTP: Fastify, JSON parse and schema, response, sockets', url: '/node_modules/avvio' },
  { name: 'HTTP: Fastify, JSON parse and schema, response, sockets', url: '/node_modules/secure-json-parse' },
  {
    name: 'HTTP: Fastify, JSON parse and schema, response, sockets',
    url: '/node_modules/fast-json-stringify',
  },
  { name: 'HTTP: Fastify, JSON parse and schema, response, sockets', url: '/node_modules/ajv' },
  { name: 'HTTP: Fastify, JSON parse and schema, response, sockets', url: '/src/api/' },
  { name: 'HTTP: Fastify, JSON parse and schema, response, sockets', url: 'node:_http' },
  { name: 'HTTP: Fastify, JSON parse and schema, response, sockets', url: 'node:net' },
  { name: 'HTTP: Fastify, JSON parse and schema, response, sockets', url: 'node:internal/stream' },
  { name: 'HTTP: Fastify, JSON parse and schema, response, sockets', url: 'node:internal/streams' },
  { name: 'metrics (prom-client)', url: '/node_modules/prom-client' },
  { name: 'benchmark harness (profiler start and stop)', url: '/bench/lib/' },
];

const SPECIAL: Record<string, string> = {
  '(garbage collector)': 'garbage collection',
  '(idle)': 'idle (waiting for I/O or the verify worker)',
  '(program)': 'V8/native outside JS (program)',
};

function stageOf(node: ProfileNode): string | null {
  const { functionName, url } = node.callFrame;
  const special = SPECIAL[functionName];
  if (special !== undefined && url === '') return special;
  for (const stage of STAGES) {
    if (!url.includes(stage.url)) continue;
    if (stage.functions === undefined || stage.functions.includes(functionName)) return stage.name;
  }
  return null;
}

export interface ProfileBreakdown {
  /** Wall time the profile covers, ms. */
  profiledMs: number;
  stages: { stage: string; ms: number; share: number }[];
  /** The functions with the most self time among the samples no stage claimed. */
  unclaimed: { function: string; ms: number }[];
  /** The functions with the most self time of all, with the stage they count under. */
  topSelf: { function: string; stage: string; ms: number }[];
}

export function breakdown(profile: CpuProfile): ProfileBreakdown {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const stageCache = new Map<number, string | null>();
  const stageFor = (id: number): string | null => {
    const cached = stageCache.get(id);
    if (cached !== undefined) return cached;
    const node = byId.get(id) as ProfileNode;
    const own = stageOf(node);
    const up = parent.get(id);
    const stage = own ?? (up === undefined ? null : stageFor(up));
    stageCache.set(id, stage);
    return stage;
  };
  const stages = new Map<string, number>();
  const unclaimed = new Map<string, number>();
  const self = new Map<string, { stage: string; ms: number }>();
  const nameOf = (node: ProfileNode) => {
    const file = node.callFrame.url.replace(/^.*\/(src|node_modules|bench)\//, '$1/');
    return `${node.callFrame.functionName || '(anonymous)'} ${file}`.trim();
  };
  // The first sample's delta runs from the profiler's start, not from a previous sample.
  profile.samples.forEach((id, i) => {
    if (i === 0) return;
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const stage = stageFor(id);
    const name = nameOf(byId.get(id) as ProfileNode);
    const mine = self.get(name) ?? { stage: stage ?? 'other JS', ms: 0 };
    mine.ms += ms;
    self.set(name, mine);
    if (stage !== null) stages.set(stage, (stages.get(stage) ?? 0) + ms);
    else unclaimed.set(name, (unclaimed.get(name) ?? 0) + ms);
  });
  const profiledMs = profile.timeDeltas.slice(1).reduce((sum, delta) => sum + delta, 0) / 1000;
  let other = 0;
  for (const ms of unclaimed.values()) other += ms;
  stages.set('other JS (see unclaimed)', other);
  return {
    profiledMs,
    stages: [...stages]
      .map(([stage, ms]) => ({ stage, ms, share: ms / profiledMs }))
      .sort((a, b) => b.ms - a.ms),
    unclaimed: [...unclaimed]
      .map(([fn, ms]) => ({ function: fn, ms }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 15),
    topSelf: [...self]
      .map(([fn, { stage, ms }]) => ({ function: fn, stage, ms }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 30),
  };
}

/**
 * The part of a profile between two instants of the monotonic clock V8 stamps it with (µs, the
 * clock of process.hrtime in any process on the machine): a phase of a process profiled whole.
 */
export function profileWindow(profile: CpuProfile, fromUs: number, toUs: number): CpuProfile {
  const samples: number[] = [];
  const timeDeltas: number[] = [];
  let at = profile.startTime;
  let last = fromUs;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (at < fromUs || at > toUs) return;
    samples.push(id);
    timeDeltas.push(at - last);
    last = at;
  });
  return { nodes: profile.nodes, startTime: fromUs, endTime: toUs, samples, timeDeltas };
}
