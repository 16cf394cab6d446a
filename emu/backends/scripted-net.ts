// A scripted network for tests: frames arrive at given cycles, and every frame
// the guest transmits is recorded with the cycle its transmission completed.
//
//   const net = new ScriptedNet([{ at: 10_000n, frame: arpRequest }]);
//   ... run ...
//   net.sent   // [{ at, frame }, ...]

import type { NetBackend } from '../devices/nic.ts';
import { FrameQueue, type TimedFrame } from './frame-queue.ts';

export class ScriptedNet implements NetBackend {
  /** Frames the guest transmitted, in order. */
  readonly sent: TimedFrame[] = [];
  private readonly queue = new FrameQueue();

  constructor(arrivals: readonly TimedFrame[] = []) {
    for (const a of arrivals) this.queue.add(a.at, a.frame.slice());
  }

  /** Schedule one more frame for the guest. */
  schedule(at: bigint, frame: Uint8Array): void {
    this.queue.add(at, frame.slice());
  }

  transmit(frame: Uint8Array, cycle: bigint): void {
    this.sent.push({ at: cycle, frame: frame.slice() });
  }

  nextArrival(): bigint | null {
    return this.queue.nextAt();
  }

  takeArrival(): Uint8Array {
    return this.queue.take();
  }

  save(): unknown {
    return { backend: 'scripted', queue: this.queue.save() };
  }

  load(state: unknown): void {
    this.queue.load((state as { queue: unknown }).queue);
  }
}
