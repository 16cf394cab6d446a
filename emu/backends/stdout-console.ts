// An output-only console: guest output goes to a host stream (stdout), and no
// input ever comes. `switchless run` uses it when stdin is not a terminal, so
// a guest that waits for input ends as "halted forever" instead of hanging.
//
//   new StdoutConsole(process.stdout)

import type { ConsoleBackend } from '../devices/uart.ts';

const FLUSH_AT = 64 * 1024;

export class StdoutConsole implements ConsoleBackend {
  readonly interactive = false;
  private buffer: number[] = [];

  constructor(private readonly output: NodeJS.WritableStream) {}

  write(byte: number): void {
    this.buffer.push(byte);
    if (this.buffer.length >= FLUSH_AT) this.flush();
  }

  attach(): void {}

  flush(): void {
    if (this.buffer.length === 0) return;
    this.output.write(Uint8Array.from(this.buffer));
    this.buffer = [];
  }

  close(): void {
    this.flush();
  }
}
