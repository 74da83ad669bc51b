// Polling tail of an append-only log file: reads the bytes added since the last read, splits
// them into lines (a partial last line waits for its newline), and copes with the file being
// truncated or replaced (rotation). Synchronous reads, bounded per poll.
import fs from 'node:fs';

/** Longest line kept whole; a longer one is cut into pieces of this size. */
export const MAX_LINE_BYTES = 64 * 1024;
/** At most this much is read per poll, so one chatty process cannot stall the master. */
const MAX_READ_BYTES = 1024 * 1024;
const NL = 0x0a;

export class FileTail {
  private offset: number;
  private ino: number | undefined;
  private partial: Buffer = Buffer.alloc(0);

  /** Starts at `offset` (default: the current end of the file, or 0 when it does not exist). */
  constructor(
    readonly file: string,
    offset?: number,
  ) {
    const st = statQuiet(file);
    this.ino = st?.ino;
    this.offset = offset ?? st?.size ?? 0;
  }

  /** Moves the read position (e.g. past a start marker just written); drops a partial line. */
  seek(offset: number): void {
    this.offset = offset;
    this.partial = Buffer.alloc(0);
    this.ino = statQuiet(this.file)?.ino;
  }

  /** Complete lines added since the last call; `final` also returns an unterminated last line. */
  read(final = false): string[] {
    const lines: string[] = [];
    for (let rounds = 0; rounds < 64; rounds++) {
      const st = statQuiet(this.file);
      if (!st) break;
      if (this.ino !== undefined && st.ino !== this.ino) {
        // Replaced (renamed away and recreated): read the new file from its start.
        this.offset = 0;
        this.partial = Buffer.alloc(0);
      } else if (st.size < this.offset) {
        // Truncated (copy-truncate rotation).
        this.offset = 0;
        this.partial = Buffer.alloc(0);
      }
      this.ino = st.ino;
      if (st.size <= this.offset) break;
      const len = Math.min(st.size - this.offset, MAX_READ_BYTES);
      const buf = Buffer.alloc(len);
      let got = 0;
      try {
        const fd = fs.openSync(this.file, 'r');
        try {
          got = fs.readSync(fd, buf, 0, len, this.offset);
        } finally {
          fs.closeSync(fd);
        }
      } catch {
        break;
      }
      if (got <= 0) break;
      this.offset += got;
      this.split(got === len ? buf : buf.subarray(0, got), lines);
      if (!final) break; // the rest waits for the next poll
    }
    if (final && this.partial.length > 0) {
      lines.push(decode(this.partial));
      this.partial = Buffer.alloc(0);
    }
    return lines;
  }

  private split(chunk: Buffer, out: string[]): void {
    let data = this.partial.length > 0 ? Buffer.concat([this.partial, chunk]) : chunk;
    let start = 0;
    for (;;) {
      const nl = data.indexOf(NL, start);
      if (nl < 0) break;
      pushCut(data.subarray(start, nl), out);
      start = nl + 1;
    }
    data = data.subarray(start);
    while (data.length > MAX_LINE_BYTES) {
      const cut = charBoundary(data, MAX_LINE_BYTES);
      out.push(decode(data.subarray(0, cut)));
      data = data.subarray(cut);
    }
    this.partial = Buffer.from(data);
  }
}

/** Pushes a complete line, in pieces of at most MAX_LINE_BYTES. */
function pushCut(line: Buffer, out: string[]): void {
  while (line.length > MAX_LINE_BYTES) {
    const cut = charBoundary(line, MAX_LINE_BYTES);
    out.push(decode(line.subarray(0, cut)));
    line = line.subarray(cut);
  }
  out.push(decode(line));
}

/** The largest offset <= at that does not split a UTF-8 character (at itself if none is found nearby). */
function charBoundary(buf: Buffer, at: number): number {
  for (let i = at, n = 0; i > 0 && n < 4; i--, n++) {
    if (((buf[i] ?? 0) & 0xc0) !== 0x80) return i;
  }
  return at;
}

function decode(buf: Buffer): string {
  const text = buf.toString('utf8');
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}

function statQuiet(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch {
    return undefined;
  }
}
