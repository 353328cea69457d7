// `deconflict declarations` and `deconflict conflicts`: what the operator's party may see, as a
// table for people or, with --json, as the hub answered it.
import { type Command, Option } from 'commander';
import type { ConflictSideView, ConflictView, DeclarationListing } from '../client/hub-views.js';
import { DECLARATION_KINDS } from '../deconfliction/declaration-schema.js';
import { areaText, closestText, hoursText } from './conflict-report.js';
import { asOperator, client } from './operator-options.js';
import { print } from './print-json.js';
import { textTable } from './text-table.js';

function withWindow(command: Command): Command {
  return command
    .option('--from <time>', 'only what reaches this time or later (RFC 3339)')
    .option('--until <time>', 'only what begins at or before this time (RFC 3339)')
    .option('--json', 'print the hub’s answer as JSON');
}

const DECLARATION_COLUMNS = [
  'ID',
  'VERSION',
  'KIND',
  'PARTY',
  'STATUS',
  'VALID FROM',
  'VALID UNTIL',
  'ROSTER',
  'SEEN BY',
  'TITLE',
];

function declarationRow(d: DeclarationListing): string[] {
  return [
    d.id,
    String(d.version),
    d.kind,
    d.party,
    d.status,
    d.valid_from,
    d.valid_until,
    d.roster,
    d.visibility.join(','),
    d.declaration.title,
  ];
}

const sideCell = (side: ConflictSideView) =>
  `${side.id}@${side.version} (${side.party}, call ${side.roster})`;

const CONFLICT_COLUMNS = ['DECLARATION', 'AGAINST', 'HOURS', 'AREA (W,S,E,N)', 'CLOSEST', 'STATE'];

function conflictRow(c: ConflictView): string[] {
  const [found, against] = c.declarations;
  return [
    sideCell(found),
    sideCell(against),
    hoursText(c.hours),
    areaText(c.area),
    closestText(c) ?? 'not visible to you',
    c.current === false ? 'past' : 'current',
  ];
}

export function declarationListCommands(program: Command): void {
  withWindow(asOperator(program.command('declarations')))
    .description('list the declarations your party may see')
    .addOption(new Option('--kind <kind>', 'only this kind').choices(DECLARATION_KINDS))
    .option('--bbox <w,s,e,n>', 'only those meeting this box (degrees)')
    .option('--all', 'withdrawn and expired ones too')
    .addOption(
      new Option('--geojson', 'print them as GeoJSON (RFC 7946), for GIS').conflicts(['json', 'kml']),
    )
    .addOption(new Option('--kml', 'print them as KML, for Google Earth').conflicts('json'))
    .action(async (options) => {
      const filter = {
        kind: options.kind,
        bbox: options.bbox,
        from: options.from,
        until: options.until,
        status: options.all ? ('all' as const) : ('live' as const),
      };
      if (options.geojson || options.kml) {
        const map = await client(options).declarationsAs(options.geojson ? 'geojson' : 'kml', filter);
        process.stdout.write(map.text);
        if (map.more)
          console.error('deconflict: the hub sent only its first page of them; narrow the filters');
        return;
      }
      const answer = await client(options).declarations(filter);
      if (options.json) return print(answer);
      console.log(textTable(DECLARATION_COLUMNS, answer.declarations.map(declarationRow)));
      if (answer.truncated) {
        console.error(
          `deconflict: the hub listed only the first ${answer.declarations.length}; narrow the filters`,
        );
      }
    });

  withWindow(asOperator(program.command('conflicts')))
    .description('list the conflicts involving declarations your party may see')
    .option('--declaration <id>', 'only those of this declaration')
    .option('--party <id>', 'only those with this party’s declarations')
    .option('--all', 'past ones too (a declaration since amended, withdrawn or expired)')
    .action(async (options) => {
      const answer = await client(options).conflicts({
        declaration: options.declaration,
        party: options.party,
        from: options.from,
        until: options.until,
        status: options.all ? 'all' : 'current',
      });
      if (options.json) return print(answer);
      console.log(textTable(CONFLICT_COLUMNS, answer.conflicts.map(conflictRow)));
    });
}
