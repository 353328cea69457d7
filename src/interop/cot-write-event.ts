// A CoT event as XML for TAK clients, built by fast-xml-parser's builder so that every attribute
// and text is escaped. The detail is given in the builder's object form: attributes as "@_name",
// text as "#text", repeated elements as arrays.
import { XMLBuilder } from 'fast-xml-parser';
import { COT_UNKNOWN } from './cot-event.js';

export interface CotEventToWrite {
  uid: string;
  type: string;
  how: string;
  /** Milliseconds since the epoch; start is the same as time. */
  time: number;
  stale: number;
  lat: number;
  lon: number;
  /** Metres above the WGS84 ellipsoid; null when not known. */
  hae: number | null;
  detail: Record<string, unknown>;
}

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  suppressEmptyNode: true,
  // CoT wants cancel="true", never a bare attribute.
  suppressBooleanAttributes: false,
});

export function cotEventXml(event: CotEventToWrite): string {
  const time = new Date(event.time).toISOString();
  return builder.build({
    event: {
      '@_version': '2.0',
      '@_uid': event.uid,
      '@_type': event.type,
      '@_how': event.how,
      '@_time': time,
      '@_start': time,
      '@_stale': new Date(event.stale).toISOString(),
      point: {
        '@_lat': event.lat,
        '@_lon': event.lon,
        '@_hae': event.hae ?? COT_UNKNOWN,
        '@_ce': COT_UNKNOWN,
        '@_le': COT_UNKNOWN,
      },
      detail: event.detail,
    },
  }) as string;
}
