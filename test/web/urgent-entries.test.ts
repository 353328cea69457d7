// What the urgent banner lists, from messages shaped as the hub sends them (the watch's notices with
// the fields of src/hub/commands/alert-notices.ts): the watch's requests about one encounter are one
// entry — the same two tracks whichever is named first, the same track at the same place whatever
// the declaration's version, the same track and a party it may not see — and a person's request is
// always an entry of its own, listed first, however many and however new the watch's.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encounterOf, urgentEntries } from '../../web/hotline/urgent-entries.js';
import type { MessageView } from '../../web/hub/views.js';

let minute = 0;
/** A message one minute after the one before. */
function message(id: string, operator: string | null, fields: Record<string, unknown> = {}): MessageView {
  minute++;
  return {
    id,
    kind: 'urgent-request',
    from: operator === null ? 'hub' : (operator.split('.')[0] as string),
    operator,
    time: new Date(Date.UTC(2026, 11, 7, 10, minute)).toISOString(),
    message:
      operator === null
        ? { action: 'divert', template: { name: 'track-alert', fields } }
        : { action: 'stop' },
    deliveries: [],
  };
}
const loss = (id: string, track: string, other: string) =>
  message(id, null, { alert: 'loss-of-separation', stage: 'begin', track, other_track: other });
const intrusion = (id: string, track: string, declaration: string) =>
  message(id, null, { alert: 'intrusion', stage: 'begin', track, declaration });
const unseen = (id: string, track: string, party: string) =>
  message(id, null, { alert: 'loss-of-separation', stage: 'begin', track, other_party: party });
const ids = (entries: ReturnType<typeof urgentEntries>) =>
  entries.map((entry) => entry.messages.map((m) => m.id));

test('the watch’s requests about one pair of tracks are one entry, newest first', () => {
  const entries = urgentEntries([
    loss('hub/alert-1', 'blue/c2:b1', 'red/c2:r1'),
    loss('hub/alert-2', 'red/c2:r1', 'blue/c2:b1'),
    loss('hub/alert-3', 'blue/c2:b1', 'red/c2:r1'),
    loss('hub/alert-4', 'blue/c2:b1', 'red/c2:r2'),
  ]);
  assert.deepEqual(ids(entries), [['hub/alert-4'], ['hub/alert-3', 'hub/alert-2', 'hub/alert-1']]);
  assert.ok(entries.every((entry) => entry.machine));
});

test('the same track at the same place is one encounter whatever the declaration’s version', () => {
  const first = intrusion('hub/alert-5', 'red/c2:g2', 'blue/hospital@1');
  const amended = intrusion('hub/alert-6', 'red/c2:g2', 'blue/hospital@2');
  const elsewhere = intrusion('hub/alert-7', 'red/c2:g2', 'blue/clinic@1');
  assert.equal(encounterOf(first), encounterOf(amended));
  assert.notEqual(encounterOf(first), encounterOf(elsewhere));
  assert.deepEqual(ids(urgentEntries([first, amended, elsewhere])), [
    ['hub/alert-7'],
    ['hub/alert-6', 'hub/alert-5'],
  ]);
});

test('a track and a party it may not see is one encounter; another kind of alert is another', () => {
  const a = unseen('hub/alert-8', 'blue/c2:b1', 'red');
  const b = unseen('hub/alert-9', 'blue/c2:b1', 'red');
  const c = message('hub/alert-10', null, {
    alert: 'non-conformance',
    track: 'blue/c2:b1',
    other_party: 'red',
  });
  assert.equal(encounterOf(a), encounterOf(b));
  assert.notEqual(encounterOf(a), encounterOf(c));
});

test('a person’s requests come first, each on its own, however many and however new the watch’s', () => {
  const person = message('red/stop-1', 'red.duty');
  const again = message('red/stop-2', 'red.duty');
  const flood = Array.from({ length: 10 }, (_, i) => loss(`hub/alert-flood-${i}`, 'blue/c2:b1', 'red/c2:r1'));
  const entries = urgentEntries([person, ...flood, again]);
  assert.deepEqual(
    entries.map((entry) => [entry.machine, entry.messages.length]),
    [
      [false, 1],
      [false, 1],
      [true, 10],
    ],
  );
  assert.deepEqual(ids(entries).slice(0, 2), [['red/stop-2'], ['red/stop-1']]);
});

test('a notice from the hub that names no track is an entry of its own', () => {
  const notice = message('hub/expired-1', null, {});
  assert.equal(encounterOf(notice), 'hub/expired-1');
  assert.equal(urgentEntries([notice, message('hub/expired-2', null, {})]).length, 2);
});
