// The loopback network: every frame the guest transmits comes back to it as a
// received frame `delay` cycles after its transmission completed.

import type { NetBackend } from '../devices/nic.ts';
import { NIC_LOOPBACK_DELAY } from '../devices/params.ts';
import { FrameQueue } from './frame-queue.ts';

export class LoopbackNet implements NetBackend {
  private readonly delay: bigint;
  private readonly queue = new FrameQueue();

  constructor(delay: number = NIC_LOOPBACK_DELAY) {
    this.delay = BigInt(delay);
  }

  transmit(frame: Uint8Array, cycle: bigint): void {
    this.queue.add(cycle + this.delay, frame.slice());
  }

  nextArrival(): bigint | null {
    return this.queue.nextAt();
  }

  takeArrival(): Uint8Array {
    return this.queue.take();
  }

  save(): unknown {
    return { backend: 'loopback', queue: this.queue.save() };
  }

  load(state: unknown): void {
    this.queue.load((state as { queue: unknown }).queue);
  }
}
