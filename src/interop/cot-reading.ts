// What a CoT event means to the hub. Only a party's own live positions are tracks: friendly atoms
// (a-f-…) that are not markers placed by hand. Everything else a TAK client sends is recognised and
// passed on as something that is not a track, with the reason, so a feed never stalls on it. The
// hub takes in no claims about other parties (DESIGN principle 2): hostile, neutral or unknown
// markers are never tracks.
import type { CotEvent } from './cot-event.js';
import { type CotShape, readCotShape, SHAPE_TYPES } from './cot-shape.js';
import { cotTrackReport } from './cot-track.js';
import { type DroppedInput, dropped } from './dropped-input.js';
import type { TrackReport } from './track-report.js';
import { childElement } from './xml-element.js';

export interface CotChat {
  from: string;
  room: string;
  text: string;
}

export type CotReading =
  | { kind: 'track'; event: CotEvent; track: TrackReport }
  | { kind: 'marker'; event: CotEvent; reason: string; name: string | null; remarks: string }
  | { kind: 'shape'; event: CotEvent; reason: string; name: string | null; remarks: string; shape: CotShape }
  | { kind: 'chat'; event: CotEvent; reason: string; chat: CotChat }
  | { kind: 'alert'; event: CotEvent; reason: string; cancelled: boolean; text: string }
  | { kind: 'ping'; event: CotEvent; reason: string }
  | { kind: 'other'; event: CotEvent; reason: string };

export const PING_TYPE = 't-x-c-t';
export const PONG_TYPE = 't-x-c-t-r';
/** How ATAK marks a point placed on the map by hand ("human, GIGO"). */
const PLACED_BY_HAND = 'h-g-i-g-o';

/** The event read as the hub understands it, or dropped when it claims an impossible motion. */
export function readCotEvent(event: CotEvent, source: string): CotReading | { drop: DroppedInput } {
  const { type } = event;
  const name = childElement(event.detail, 'contact')?.attributes.callsign ?? null;
  const remarks = childElement(event.detail, 'remarks')?.text ?? '';
  if (type.startsWith('a-')) {
    if (!type.startsWith('a-f-')) {
      return { kind: 'marker', event, reason: 'a report about an asset of another party', name, remarks };
    }
    if (event.how === PLACED_BY_HAND) {
      return { kind: 'marker', event, reason: 'a marker placed by hand, not a live position', name, remarks };
    }
    const track = cotTrackReport(event, source);
    if (typeof track === 'string') return { drop: dropped('impossible motion', event.uid, track) };
    return { kind: 'track', event, track };
  }
  if (Object.values<string>(SHAPE_TYPES).includes(type)) {
    const shape = readCotShape(event);
    if (typeof shape === 'string') return { drop: dropped('invalid drawn shape', event.uid, shape) };
    return { kind: 'shape', event, reason: 'a drawn shape, not a position', name, remarks, shape };
  }
  if (type === 'b-t-f') {
    const chat = childElement(event.detail, '__chat');
    return {
      kind: 'chat',
      event,
      reason: 'a chat message, not a position',
      chat: {
        from: chat?.attributes.senderCallsign ?? '',
        room: chat?.attributes.chatroom ?? '',
        text: remarks,
      },
    };
  }
  if (type.startsWith('b-a-')) {
    const emergency = childElement(event.detail, 'emergency');
    return {
      kind: 'alert',
      event,
      reason: 'an alert, not a position',
      cancelled: emergency?.attributes.cancel === 'true',
      text: remarks || (emergency?.text ?? ''),
    };
  }
  if (type === PING_TYPE || type === PONG_TYPE) return { kind: 'ping', event, reason: 'a keep-alive' };
  if (type.startsWith('b-m-p'))
    return { kind: 'marker', event, reason: 'a map point, not a position', name, remarks };
  if (type.startsWith('t-x-takp')) {
    return { kind: 'other', event, reason: 'protocol negotiation: this hub speaks CoT XML only' };
  }
  return { kind: 'other', event, reason: `type ${type} carries no position of the party's own` };
}
