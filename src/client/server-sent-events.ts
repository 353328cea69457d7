// Server-Sent Events as the hub sends them (GET /v1/events): blocks of `field: value` lines ended by
// a blank line; comments (heartbeats) start with a colon. Read as the bytes come, so that a client
// following the record prints each entry as soon as it is committed.

export interface ServerSentEvent {
  id: string | undefined;
  event: string;
  data: string;
}

/** One block's event, or null for a block of comments only. */
export function parseEventBlock(block: string): ServerSentEvent | null {
  let id: string | undefined;
  let event = 'message';
  const data: string[] = [];
  let any = false;
  for (const line of block.split('\n')) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    any = true;
    if (field === 'id') id = value;
    else if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  return any ? { id, event, data: data.join('\n') } : null;
}

/** The events of a stream's body, in order, until the server ends it. */
export async function* serverSentEvents(body: AsyncIterable<Uint8Array>): AsyncGenerator<ServerSentEvent> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true });
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      const event = parseEventBlock(buffer.slice(0, end));
      buffer = buffer.slice(end + 2);
      if (event) yield event;
    }
  }
}
