// The console on the host's terminal: guest output goes to stdout, keystrokes
// go to the guest. When stdin is a TTY it is put in raw mode, so the guest's
// line discipline does echo and editing; close() (or process exit, however it
// comes) restores the terminal.
//
// Raw mode passes Ctrl-C to the guest, so the host escape is Ctrl-A: Ctrl-A x
// calls onQuit, Ctrl-A Ctrl-A sends one Ctrl-A to the guest.
//
// Output is buffered and written at flush(): when the buffer fills, when the
// host's event loop next turns, or when the run loop calls it between chunks. This is the only console code that depends
// on the host: input arrives whenever the host sees it, so it is not
// reproducible (scripted --input is, and lives in the UART).

import type { ConsoleBackend } from '../devices/uart.ts';

const CTRL_A = 0x01;
const FLUSH_AT = 64 * 1024;

export interface TerminalConsoleOptions {
  input?: NodeJS.ReadStream;
  output?: NodeJS.WriteStream;
  /** Ctrl-A x was typed. */
  onQuit?: () => void;
}

export class TerminalConsole implements ConsoleBackend {
  private readonly input: NodeJS.ReadStream;
  private readonly output: NodeJS.WriteStream;
  private readonly onQuit: () => void;
  private buffer: number[] = [];
  private flushQueued = false;
  private receive: ((bytes: Uint8Array) => void) | null = null;
  private escape = false;
  private ended = false;
  private rawMode = false;
  private waiters: (() => void)[] = [];
  private readonly onData = (chunk: Buffer | string) => this.handle(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  private readonly onEnd = () => {
    this.ended = true;
    this.wake();
  };
  private readonly restoreOnExit = () => this.restore();

  constructor(options: TerminalConsoleOptions = {}) {
    this.input = options.input ?? process.stdin;
    this.output = options.output ?? process.stdout;
    this.onQuit = options.onQuit ?? (() => {});
  }

  /** True while the host may still type: the run loop may wait for input. */
  get interactive(): boolean {
    return !this.ended;
  }

  write(byte: number): void {
    this.buffer.push(byte);
    if (this.buffer.length >= FLUSH_AT) this.flush();
    else if (!this.flushQueued) {
      this.flushQueued = true;
      setImmediate(() => {
        this.flushQueued = false;
        this.flush();
      });
    }
  }

  attach(receive: (bytes: Uint8Array) => void): void {
    this.receive = receive;
    if (this.input.isTTY) {
      this.input.setRawMode(true);
      this.rawMode = true;
      process.once('exit', this.restoreOnExit);
    }
    this.input.on('data', this.onData);
    this.input.on('end', this.onEnd);
    this.input.resume();
  }

  /** Resolves when input arrives or stdin ends. */
  waitForInput(): Promise<void> {
    if (this.ended) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  flush(): void {
    if (this.buffer.length === 0) return;
    this.output.write(Uint8Array.from(this.buffer));
    this.buffer = [];
  }

  close(): void {
    this.flush();
    this.restore();
    process.removeListener('exit', this.restoreOnExit);
  }

  private restore(): void {
    this.input.removeListener('data', this.onData);
    this.input.removeListener('end', this.onEnd);
    if (this.rawMode) {
      this.input.setRawMode(false);
      this.rawMode = false;
    }
    this.input.pause();
  }

  private handle(chunk: Uint8Array): void {
    const bytes: number[] = [];
    for (const b of chunk) {
      if (this.escape) {
        this.escape = false;
        if (b === 0x78 || b === 0x58) {  // x or X
          this.onQuit();
          continue;
        }
        if (b === CTRL_A) {
          bytes.push(CTRL_A);
          continue;
        }
        continue;  // an unknown escape is swallowed
      }
      if (b === CTRL_A) this.escape = true;
      else bytes.push(b);
    }
    if (bytes.length > 0) this.receive?.(Uint8Array.from(bytes));
    this.wake();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}
