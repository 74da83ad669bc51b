// An instance's log lines: what its files gained since the last read (into its buffers and to
// `publishLog`; a file grown too large is rotated while tailed), and after an adoption the last
// lines its files held from before.
import fs from 'node:fs';
import { toF8Error } from '../../../shared/errors.js';
import type { Logger } from '../../../shared/ports.js';
import { lastLines, rotateIfLarge } from '../../util/log-file.js';
import type { Instance, LogLine } from './types.js';

export interface FlushOptions {
  log: Logger;
  maxLogBytes: number;
  publishLog: ((instanceId: string, line: LogLine) => void) | undefined;
}

/** Reads the new complete lines of both files (`final`: the partial last line too, the process has ended). */
export function flushLogs(inst: Instance, final: boolean, o: FlushOptions): void {
  for (const stream of ['stdout', 'stderr'] as const) {
    const tail = inst.tails[stream];
    let texts: string[];
    try {
      texts = tail.read(final);
    } catch (err) {
      o.log.warn(`launcher: reading ${tail.file} failed: ${toF8Error(err).message}`);
      continue;
    }
    const ts = Date.now();
    for (const text of texts) {
      const line: LogLine = { ts, stream, text };
      inst.lines.push(line);
      if (stream === 'stderr') inst.stderr.push(text);
      if (o.publishLog) {
        try {
          o.publishLog(inst.id, line);
        } catch (err) {
          o.log.warn(`launcher: publishLog failed: ${toF8Error(err).message}`);
        }
      }
    }
    if (rotateIfLarge(tail.file, o.maxLogBytes, true)) tail.seek(0);
  }
}

/** The last lines of an adopted instance's log files into its buffer (oldest first, stdout then stderr), not published again. */
export function backfillLogs(inst: Instance, bufferLines: number): void {
  for (const stream of ['stdout', 'stderr'] as const) {
    const file = inst.files[stream];
    let ts: number;
    try {
      ts = Math.floor(fs.statSync(file).mtimeMs);
    } catch {
      continue;
    }
    for (const text of lastLines(file, bufferLines)) {
      inst.lines.push({ ts, stream, text });
      if (stream === 'stderr') inst.stderr.push(text);
    }
  }
}
