// A TAK client on a plain TCP connection to the hub's CoT port: what it was sent, read as CoT events
// by the hub's own framer and reader, and whether it was closed.
import { connect, type Socket } from 'node:net';
import { parseCotEvent } from '../../src/interop/cot-event.js';
import { type CotReading, readCotEvent } from '../../src/interop/cot-reading.js';
import { CotStreamFramer } from '../../src/interop/cot-stream-framer.js';

export class TakClient {
  received = '';
  closed = false;
  /** Every event received, read back, in order. */
  readonly events: CotReading[] = [];
  private readonly framer = new CotStreamFramer();

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.received += chunk.toString('utf8');
      for (const frame of this.framer.push(chunk)) {
        if (!('xml' in frame)) continue;
        const parsed = parseCotEvent(frame.xml);
        if ('drop' in parsed) throw new Error(`the hub sent a broken event: ${parsed.drop.reason}`);
        const reading = readCotEvent(parsed.event, 'hub');
        if (!('drop' in reading)) this.events.push(reading);
      }
    });
    socket.on('close', () => {
      this.closed = true;
    });
  }

  static async open(port: number): Promise<TakClient> {
    const socket = connect({ host: '127.0.0.1', port });
    await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    return new TakClient(socket);
  }

  /** Signs in with TAK's plain-TCP sign-in, as a feed's id and secret. */
  static async signIn(port: number, feed: string, secret: string, uid: string): Promise<TakClient> {
    const client = await TakClient.open(port);
    client.send(`<auth><cot username="${feed}" password="${secret}" uid="${uid}"/></auth>`);
    return client;
  }

  /** The latest event about an item of the picture, by its uid. */
  latest(uid: string): CotReading | undefined {
    return this.events.findLast((reading) => reading.event.uid === uid);
  }

  send(xml: string): void {
    this.socket.write(xml);
  }

  close(): void {
    this.socket.destroy();
  }
}

/** The CoT uids of a site on a TAK client's picture: the marker and its protected area. */
export const siteUids = (id: string) => [`deconflict.${id}`, `deconflict.${id}.area`];

/** A position report of a party's own unit `uid`, as a TAK client sends it. */
export function unitReport(uid: string, lon: number): string {
  const now = new Date();
  const stale = new Date(now.getTime() + 60_000).toISOString();
  return (
    `<event version="2.0" uid="${uid}" type="a-f-G-U-C" time="${now.toISOString()}" ` +
    `start="${now.toISOString()}" stale="${stale}" how="m-g">` +
    `<point lat="36.2" lon="${lon}" hae="400" ce="5" le="5"/><detail/></event>`
  );
}
