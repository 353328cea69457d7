// What one party may put into the tactical watch, set by the hub's operator. Every input a party
// controls is bounded, so that no party can fill the hub's memory or disk, or take the hub's time
// from the others: reports a second (a token bucket), distinct live tracks, and kept positions in
// the archive, which also lapse after a retention period.

export interface TrackQuotas {
  /** Reports a second per party, sustained. */
  reportsPerSecond: number;
  /** Reports a party may send at once above that rate (one full batch of the API). */
  reportsBurst: number;
  /** Distinct tracks of a party watched at once; a new id beyond it is refused until one goes silent. */
  liveTracks: number;
  /** Kept positions per party in the archive; beyond it the party's oldest are deleted. */
  keptPositions: number;
  /** Kept positions older than this are deleted, seconds. */
  retentionS: number;
  /** How often kept positions are written and committed to the record, seconds. */
  archiveEveryS: number;
}

const DAY_S = 86_400;

/**
 * 5,000 aircraft of one party reporting at 1 Hz; a full batch of 10,000 at once; 5 million kept
 * positions per party (about 1 GB on disk) for 30 days; a commitment to the record every 30 s.
 */
export const DEFAULT_TRACK_QUOTAS: TrackQuotas = {
  reportsPerSecond: 5_000,
  reportsBurst: 10_000,
  liveTracks: 5_000,
  keptPositions: 5_000_000,
  retentionS: 30 * DAY_S,
  archiveEveryS: 30,
};

/** Environment variables the hub's operator sets them with. */
export const TRACK_QUOTA_VARIABLES: Record<keyof TrackQuotas, string> = {
  reportsPerSecond: 'DECONFLICT_TRACK_REPORTS_PER_S',
  reportsBurst: 'DECONFLICT_TRACK_REPORTS_BURST',
  liveTracks: 'DECONFLICT_LIVE_TRACKS',
  keptPositions: 'DECONFLICT_KEPT_POSITIONS',
  retentionS: 'DECONFLICT_TRACK_RETENTION_S',
  archiveEveryS: 'DECONFLICT_TRACK_ARCHIVE_EVERY_S',
};

/** The quotas with the operator's settings applied; a setting that is not a positive integer is an error. */
export function trackQuotasFromEnvironment(env: Record<string, string | undefined>): TrackQuotas {
  const quotas = { ...DEFAULT_TRACK_QUOTAS };
  for (const [name, variable] of Object.entries(TRACK_QUOTA_VARIABLES) as [keyof TrackQuotas, string][]) {
    const value = env[variable];
    if (value === undefined || value === '') continue;
    if (!/^[1-9][0-9]{0,14}$/.test(value))
      throw new Error(`${variable} must be a positive whole number, not ${JSON.stringify(value)}`);
    quotas[name] = Number(value);
  }
  if (quotas.reportsBurst < quotas.reportsPerSecond)
    throw new Error(
      `${TRACK_QUOTA_VARIABLES.reportsBurst} must be at least ${TRACK_QUOTA_VARIABLES.reportsPerSecond}`,
    );
  return quotas;
}
