// A Server-Sent Events client for tests: reads events one by one, as they come. Each stream has a
// connection of its own (no shared keep-alive pool), so that closing one leaves no half-open
// connection behind to hold up the server's shutdown.
import assert from 'node:assert/strict';
import { type IncomingMessage, request } from 'node:http';
import { parseEventBlock, type ServerSentEvent } from '../../src/client/server-sent-events.js';

export type { ServerSentEvent };

export class EventStream {
  private buffer = '';
  private readonly chunks: AsyncIterator<string>;

  private constructor(private readonly response: IncomingMessage) {
    response.setEncoding('utf8');
    this.chunks = response[Symbol.asyncIterator]();
  }

  /** Opens a stream that must be answered 200 text/event-stream. */
  static async open(
    base: string,
    path: string,
    token: string,
    headers: Record<string, string> = {},
  ): Promise<EventStream> {
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      request(`${base}${path}`, {
        agent: false,
        headers: { ...headers, authorization: `Bearer ${token}`, accept: 'text/event-stream' },
      })
        .on('response', resolve)
        .on('error', reject)
        .end();
    });
    if (response.statusCode !== 200) {
      let text = '';
      for await (const chunk of response) text += chunk;
      assert.fail(`${response.statusCode} ${text}`);
    }
    assert.match(response.headers['content-type'] ?? '', /^text\/event-stream/);
    return new EventStream(response);
  }

  /** The next event (comments skipped), or null once the server has ended the stream. */
  async next(): Promise<ServerSentEvent | null> {
    for (;;) {
      const end = this.buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        const event = parseEventBlock(block);
        if (event) return event;
        continue;
      }
      const chunk = await this.chunks.next();
      if (chunk.done) return null;
      this.buffer += chunk.value;
    }
  }

  /** Events up to and including the first that `last` accepts; fails if the stream ends first. */
  async until(last: (event: ServerSentEvent) => boolean): Promise<ServerSentEvent[]> {
    const events: ServerSentEvent[] = [];
    for (;;) {
      const event = await this.next();
      assert.ok(event, `the stream ended before the awaited event; got ${events.map((e) => e.event)}`);
      events.push(event);
      if (last(event)) return events;
    }
  }

  close(): void {
    this.response.destroy();
  }
}
