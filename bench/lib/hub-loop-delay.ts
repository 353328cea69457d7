// How late the hub's event loop ran, from its own /metrics (prom-client's event-loop lag, sampled
// every 10 ms and started afresh at each scrape): read once before a phase to start it, once after
// to know whether the hub's one thread was the limit, or something else (the clients, the machine).

export interface LoopDelay {
  p99Ms: number;
  maxMs: number;
}

const gaugeMs = (metrics: string, name: string): number | null => {
  const found = new RegExp(`^${name} ([0-9.eE+-]+)$`, 'm').exec(metrics)?.[1];
  return found === undefined ? null : Number(found) * 1000;
};

/** The lag since the last scrape; null when the hub does not answer (it is down, or restarting). */
export async function hubLoopDelay(url: string): Promise<LoopDelay | null> {
  try {
    const metrics = await (await fetch(`${url}/metrics`)).text();
    const p99Ms = gaugeMs(metrics, 'nodejs_eventloop_lag_p99_seconds');
    const maxMs = gaugeMs(metrics, 'nodejs_eventloop_lag_max_seconds');
    return p99Ms === null || maxMs === null ? null : { p99Ms, maxMs };
  } catch {
    return null;
  }
}
