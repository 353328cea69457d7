// TAK's plain XML streaming over TCP or TLS: messages concatenated with nothing between them but
// perhaps whitespace and XML declarations, each ending at its closing tag. Bytes are gathered
// before decoding so that a multi-byte character split across two reads stays whole. A broken
// message costs only itself: the next closing tag starts afresh.
//
// TAK protocol version 1 (protobuf, each message behind a 0xBF magic byte) is recognised and refused:
// a TAK client only switches to it after the server offers it (t-x-takp-v), and this hub never does,
// so a client that starts with it is misconfigured and is told so instead of being misread.
import { type DroppedInput, dropped } from './dropped-input.js';

export type CotFrame = { xml: string } | { drop: DroppedInput } | { refused: string };

/** Closing tags that end a message: CoT events, and TAK's <auth> sign-in on plain TCP. */
const CLOSING_TAGS = ['</event>', '</auth>'].map((tag) => Buffer.from(tag));
const LONGEST_CLOSING_TAG = Math.max(...CLOSING_TAGS.map((tag) => tag.length));
const TAK_PROTOCOL_MAGIC = 0xbf;
const XML_DECLARATION = /^\s*(<\?xml[^>]*\?>\s*)*/;
export const MAX_MESSAGE_BYTES = 1 << 20;

export class CotStreamFramer {
  private buffer: Buffer = Buffer.alloc(0);
  /** Where the search for a closing tag resumes: what was searched before holds none. */
  private searchFrom = 0;
  /** Set after an oversized message, until its end has been skipped. */
  private skipping = false;
  private started = false;
  private refused = false;

  constructor(private readonly maxMessageBytes = MAX_MESSAGE_BYTES) {}

  /** The complete messages in what has arrived so far. */
  push(chunk: Buffer): CotFrame[] {
    if (this.refused) return [];
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const frames: CotFrame[] = [];
    if (!this.started) {
      const first = this.buffer.findIndex((byte) => !isXmlWhitespace(byte));
      if (first === -1) return frames;
      this.started = true;
      if (this.buffer[first] === TAK_PROTOCOL_MAGIC) {
        this.refused = true;
        this.buffer = Buffer.alloc(0);
        return [
          {
            refused:
              'TAK protocol version 1 (protobuf) is not spoken here: set the connection to send CoT XML (protocol version 0)',
          },
        ];
      }
    }
    for (;;) {
      const end = this.closingTagEnd();
      if (end === -1) break;
      const message = this.buffer.subarray(0, end);
      this.buffer = this.buffer.subarray(end);
      this.searchFrom = 0;
      if (this.skipping) this.skipping = false;
      else frames.push(...messageFrames(message.toString('utf8')));
    }
    this.searchFrom = Math.max(0, this.buffer.length - LONGEST_CLOSING_TAG + 1);
    if (this.buffer.length > this.maxMessageBytes) {
      if (!this.skipping) {
        frames.push({
          drop: dropped(
            'message too large',
            this.buffer.subarray(0, 200).toString('utf8'),
            `over ${this.maxMessageBytes} bytes`,
          ),
        });
      }
      this.skipping = true;
      this.buffer = this.buffer.subarray(this.buffer.length - LONGEST_CLOSING_TAG + 1);
      this.searchFrom = 0;
    }
    return frames;
  }

  /** What was left unfinished when the stream ended. */
  end(): CotFrame[] {
    const rest = this.buffer.toString('utf8').replace(XML_DECLARATION, '');
    this.buffer = Buffer.alloc(0);
    return rest.trim() === '' || this.skipping || this.refused
      ? []
      : [{ drop: dropped('stream ended inside a message', rest) }];
  }

  private closingTagEnd(): number {
    let end = -1;
    for (const tag of CLOSING_TAGS) {
      const at = this.buffer.indexOf(tag, this.searchFrom);
      if (at !== -1 && (end === -1 || at + tag.length < end)) end = at + tag.length;
    }
    return end;
  }
}

/** A message, and a drop for any stray text before it. */
function messageFrames(text: string): CotFrame[] {
  const body = text.replace(XML_DECLARATION, '');
  const start = body.search(/<(event|auth)[\s>]/);
  if (start === 0) return [{ xml: body }];
  if (start === -1) return [{ drop: dropped('not a CoT event', body, 'no <event> before its closing tag') }];
  return [{ drop: dropped('text outside an event', body.slice(0, start)) }, { xml: body.slice(start) }];
}

function isXmlWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}
