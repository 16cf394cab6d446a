// A console backend in memory, for tests and for capturing a run's output:
// it collects every byte the guest transmits and feeds input the caller gives.
//
//   const con = new MemoryConsole();
//   new Uart(ctx, { backend: con });
//   con.feed('ls\n');        // received now (before the UART attaches: at attach)
//   con.text()               // everything the guest printed, as UTF-8

import type { ConsoleBackend } from '../devices/uart.ts';

export class MemoryConsole implements ConsoleBackend {
  readonly interactive = false;
  private readonly out: number[] = [];
  private receive: ((bytes: Uint8Array) => void) | null = null;
  private queued: Uint8Array[] = [];

  write(byte: number): void {
    this.out.push(byte);
  }

  attach(receive: (bytes: Uint8Array) => void): void {
    this.receive = receive;
    for (const bytes of this.queued) receive(bytes);
    this.queued = [];
  }

  /** Deliver input to the guest now. */
  feed(input: string | Uint8Array): void {
    const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : Uint8Array.from(input);
    if (this.receive === null) this.queued.push(bytes);
    else this.receive(bytes);
  }

  /** The bytes transmitted so far. */
  bytes(): Uint8Array {
    return Uint8Array.from(this.out);
  }

  text(): string {
    return new TextDecoder().decode(this.bytes());
  }

  /** Forget the output collected so far. */
  clear(): void {
    this.out.length = 0;
  }
}
