// A refused submit or amend, told so that the person can act on it: for each conflicting
// declaration what they may see of it (all of it, with the exact measures, when their party may see
// it; otherwise only its owner, a coarse area, whole hours and the roster to call), then how to
// declare knowingly.
import type { ConflictSideView, ConflictView } from '../client/hub-views.js';
import { type KnownConflict, keyOfConflicts, knownName } from './version-options.js';

function sideText(side: ConflictSideView): string {
  const what = side.kind ? `${side.kind} “${side.title}”` : 'not visible to you';
  return `${side.id} version ${side.version}, of ${side.party}: ${what}`;
}

export function areaText(area: ConflictView['area']): string {
  return area.map((box) => box.map((degrees) => degrees.toFixed(2)).join(',')).join('; ');
}

/** Whole hours, as the hub gives them, without the zero minutes' seconds. */
export function hoursText(hours: ConflictView['hours']): string {
  const short = (time: string) => time.replace(/:00(\.0+)?Z$/, 'Z');
  return `${short(hours.from)} to ${short(hours.until)}`;
}

/** How close the two come, where the viewer may see both declarations. */
export function closestText(conflict: ConflictView): string | null {
  if (conflict.horizontal_distance_m === undefined) return null;
  return (
    `${Math.round(conflict.horizontal_distance_m)} m apart, ${Math.round(conflict.vertical_gap_m ?? 0)} m ` +
    `vertical gap, ${Math.round(conflict.time_gap_s ?? 0)} s time gap`
  );
}

function conflictText(conflict: ConflictView, n: number): string {
  const [, against] = conflict.declarations;
  const closest = closestText(conflict);
  const overlap = conflict.overlap
    ? `; overlapping ${conflict.overlap.start} to ${conflict.overlap.end}`
    : '';
  return [
    `  ${n}. ${sideText(against)}`,
    `     call: ${against.party}, roster “${against.roster}”`,
    `     when (whole hours): ${hoursText(conflict.hours)}`,
    `     where (W,S,E,N in 0.25° cells): ${areaText(conflict.area)}`,
    ...(closest ? [`     closest: ${closest}${overlap}`] : []),
  ].join('\n');
}

/**
 * Each conflict a submit or amend was found to have. Being told is itself recorded, and each owner
 * can read that record, so the person is told so.
 */
export function conflictsText(conflicts: readonly ConflictView[], recordedAt: number | undefined): string {
  const count = conflicts.length === 1 ? '1 declaration' : `${conflicts.length} declarations`;
  return [
    `It conflicts with ${count}:`,
    ...conflicts.map((c, i) => conflictText(c, i + 1)),
    ...(recordedAt === undefined
      ? []
      : [`The hub recorded what you were told here in entry ${recordedAt}, which each owner can read.`]),
  ].join('\n');
}

function rerunHint(key: readonly KnownConflict[]): string {
  const known = key.map((k) => `--known ${knownName(k)}`).join(' ');
  return (
    `To declare it knowing of these conflicts, run the command again with ${known}, ` +
    'or with --acknowledge-all to name exactly the ones listed here.'
  );
}

/** The whole account of a refusal for unacknowledged conflicts. */
export function unacknowledgedText(
  conflicts: readonly ConflictView[],
  recordedAt: number | undefined,
): string {
  return `${conflictsText(conflicts, recordedAt)}\n${rerunHint(keyOfConflicts(conflicts))}`;
}
