// The timeline a person reads: every entry of the bundle in the record's order, when, who and what,
// each citing its entry index, with the entries the requester may not read shown by position only.
// Made from the bundle's entries alone, so the checker regenerates it and compares byte for byte.
import type { Entry } from '../record/index.js';
import { authorOf, entrySentence } from './entry-sentence.js';
import type { KeptPosition } from './kept-positions.js';
import { declaredShapes, escapeXml, mapPicture, trackPaths } from './map-picture.js';

export interface TimelineInput {
  origin: string;
  subjects: readonly string[];
  requester: { operator: string; party: string };
  checkpointSize: number;
  entries: readonly { index: number; entry: Entry }[];
  hidden: readonly number[];
  /** Kept positions of `tracks.archived` entries, checked against their commitments. */
  tracks: readonly { index: number; positions: readonly KeptPosition[] }[];
}

interface Line {
  index: number;
  time: string | null;
  text: string;
}

function lines(input: TimelineInput): Line[] {
  const kept = new Map(input.tracks.map((t) => [t.index, t.positions.length]));
  const read: Line[] = input.entries.map(({ index, entry }) => ({
    index,
    time: entry.time,
    text: `${authorOf(entry)} ${entrySentence(entry)}${kept.has(index) ? `; its ${kept.get(index)} positions are in this bundle and hash to it` : ''}`,
  }));
  const hidden: Line[] = input.hidden.map((index) => ({
    index,
    time: null,
    text: `an entry ${input.requester.party} may not read; its existence here is proven by its leaf hash`,
  }));
  return [...read, ...hidden].sort((a, b) => a.index - b.index);
}

const heading = (input: TimelineInput): string =>
  `Evidence from ${input.origin} about ${input.subjects.join(', ')}, as ${input.requester.operator} (${input.requester.party}) may read it, proven to the checkpoint of size ${input.checkpointSize}`;

export function timelineMarkdown(input: TimelineInput): string {
  const body = lines(input).map(
    (line) => `- ${line.time ?? '(time not readable)'} — entry #${line.index} — ${line.text}`,
  );
  return `# Timeline\n\n${heading(input)}.\n\n${body.join('\n')}\n`;
}

export function timelineHtml(input: TimelineInput): string {
  const rows = lines(input)
    .map(
      (line) =>
        `<tr><td>${escapeXml(line.time ?? '—')}</td><td>#${line.index}</td><td>${escapeXml(line.text)}</td></tr>`,
    )
    .join('\n');
  const map = mapPicture([
    ...declaredShapes(input.entries.map((e) => e.entry)),
    ...trackPaths(input.tracks.flatMap((t) => t.positions)),
  ]);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Timeline</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td{border-bottom:1px solid #ddd;padding:4px 8px;vertical-align:top}</style>
</head><body>
<h1>Timeline</h1>
<p>${escapeXml(heading(input))}.</p>
${map}
<table><thead><tr><th>time (UTC)</th><th>entry</th><th>what</th></tr></thead><tbody>
${rows}
</tbody></table>
</body></html>
`;
}
