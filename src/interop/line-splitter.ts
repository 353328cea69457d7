// Lines out of a byte stream: split on LF (CRLF tolerated), decoded as UTF-8 across read
// boundaries. An overlong line is dropped rather than held, so a feed sending garbage cannot make
// the hub buffer without bound.
import { StringDecoder } from 'node:string_decoder';

export const MAX_LINE_LENGTH = 4096;

export type SplitLine = { line: string } | { overlong: string };

export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private partial = '';
  private overlong = false;

  push(chunk: Buffer): SplitLine[] {
    const lines = (this.partial + this.decoder.write(chunk)).split('\n');
    this.partial = lines.pop() ?? '';
    const out: SplitLine[] = [];
    for (const line of lines) {
      if (this.overlong) this.overlong = false;
      else if (line.length > MAX_LINE_LENGTH) out.push({ overlong: line });
      else out.push({ line: line.replace(/\r$/, '') });
    }
    if (this.partial.length > MAX_LINE_LENGTH) {
      if (!this.overlong) out.push({ overlong: this.partial });
      this.overlong = true;
      this.partial = '';
    }
    return out;
  }
}
