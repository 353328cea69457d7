// The hash that commits a batch of kept positions: SHA-256 of the canonical JSON (RFC 8785) of its
// positions in the order they were written, each as [feed, track, time, lon, lat, alt_m,
// ground_speed_ms, track_deg, vertical_rate_ms]. Numbers are stored as IEEE doubles and read back
// exactly, so the stored rows hash to what was committed unless one of them changed.
import { createHash } from 'node:crypto';
import { canonicalBytes } from '../record/index.js';
import { type TrackFix, trackFixValues } from '../store/store.js';

export function archiveBatchHash(fixes: readonly TrackFix[]): string {
  return createHash('sha256')
    .update(canonicalBytes(fixes.map(trackFixValues)))
    .digest('hex');
}
