// `deconflict alerts` and `deconflict tracks`: the tactical watch as the operator's party may see it,
// for a duty officer at a terminal, or with --json as the hub answered it. Of another party's
// track or declaration the party may not see, an alert tells only whose it is, whom to call and
// roughly where: so does the table.
import type { Static } from '@sinclair/typebox';
import type { Command } from 'commander';
import type { Track } from '../api/track-report-body.js';
import type { AlertContent, AlertDirection, RecordedAlert } from '../hub/commands/track-alerts.js';
import { durationText } from './message-report.js';
import { asOperator, client } from './operator-options.js';
import { print } from './print-json.js';
import { textTable } from './text-table.js';

/** An alert as GET /v1/alerts lists it: the party's view, the entry that told it, and its end. */
type AlertView = AlertContent & Pick<RecordedAlert, 'entry' | 'ended'>;

/** A live track as GET /v1/tracks lists it. */
type TrackView = Static<typeof Track>;

/** Latitude then longitude, as on a map grid and in the hotline's templates. */
const positionText = (lat: number, lon: number) => `${lat.toFixed(5)}, ${lon.toFixed(5)}`;

const directionText = (direction: AlertDirection | null) =>
  direction ? ` ${direction.bearing_deg}° ${(direction.distance_m / 1000).toFixed(1)} km` : '';

const callText = (roster: string | null) => (roster ? ` (call ${roster})` : '');

/** What of the alert is the party's to see: its own tracks and those shared with it, as reported. */
const seenText = (alert: AlertView) =>
  alert.tracks.map((track) => `${track.id} at ${positionText(track.lat, track.lon)}`).join('; ');

/** What is not: whose it is, whom to call, and the rounded bearing and distance from the party's own. */
function othersText(alert: AlertView): string {
  const others = alert.unseen_tracks.map(
    (unseen) => `${unseen.party}’s track${callText(unseen.roster)}${directionText(unseen.direction)}`,
  );
  const { declaration } = alert;
  if (declaration && 'id' in declaration) {
    others.push(`${declaration.id}@${declaration.version} (${declaration.party}’s ${declaration.role})`);
  } else if (declaration) {
    others.push(
      `${declaration.party}’s ${declaration.role}${callText(declaration.roster)}${directionText(declaration.direction)}`,
    );
  }
  return others.join('; ');
}

const ALERT_COLUMNS = ['ID', 'KIND', 'SINCE', 'PARTIES', 'TRACKS', 'OTHERS', 'STATE', 'REASON'];

function alertRow(alert: AlertView): string[] {
  return [
    alert.id,
    alert.kind,
    alert.time,
    alert.parties.join(','),
    seenText(alert),
    othersText(alert),
    alert.ended ? `ended ${alert.ended.time}` : 'open',
    alert.ended ? alert.ended.reason : alert.reason,
  ];
}

const TRACK_COLUMNS = ['ID', 'PARTY', 'POSITION (LAT, LON)', 'ALT', 'SPEED', 'HEADING', 'AGE'];

function trackRow(track: TrackView, now: number): string[] {
  const known = track.velocity_known !== false;
  return [
    track.id,
    track.party,
    positionText(track.lat, track.lon),
    `${Math.round(track.alt_m)} m`,
    known ? `${track.ground_speed_ms.toFixed(1)} m/s` : 'unknown',
    known ? `${Math.round(track.track_deg) % 360}°` : '',
    // A report timed ahead of this machine's clock is as fresh as can be.
    durationText(Math.max(0, Math.round((now - Date.parse(track.time)) / 1000))),
  ];
}

export function watchListCommands(program: Command): void {
  asOperator(program.command('alerts'))
    .description('list the tactical alerts your party is involved in, newest first: open ones, or --all')
    .option('--all', 'ended ones too')
    .option('--json', 'print the hub’s answer as JSON')
    .action(async (options) => {
      const alerts = await client(options).getAll<AlertView>(
        `/v1/alerts?status=${options.all ? 'all' : 'open'}`,
        'alerts',
      );
      if (options.json) return print({ alerts });
      console.log(textTable(ALERT_COLUMNS, alerts.map(alertRow)));
    });

  asOperator(program.command('tracks'))
    .description('list the live tracks your party may see: its own, and those others share with it')
    .option('--json', 'print the hub’s answer as JSON')
    .action(async (options) => {
      const tracks = await client(options).getAll<TrackView>('/v1/tracks', 'tracks');
      if (options.json) return print({ tracks });
      const now = Date.now();
      console.log(
        textTable(
          TRACK_COLUMNS,
          tracks.map((track) => trackRow(track, now)),
        ),
      );
    });
}
