// Frames waiting to reach the guest, ordered by arrival cycle and, for equal
// cycles, by the order they were queued. The network backends that know their
// frames in advance (loopback, scripted) keep one, and save it with the NIC.

import { bytesFromJson, bytesToJson, cycleFromJson, cycleToJson } from '../devices/device.ts';

export interface TimedFrame {
  at: bigint;
  frame: Uint8Array;
}

export class FrameQueue {
  private frames: TimedFrame[] = [];

  get length(): number {
    return this.frames.length;
  }

  add(at: bigint, frame: Uint8Array): void {
    let i = this.frames.length;
    while (i > 0 && this.frames[i - 1].at > at) i--;
    this.frames.splice(i, 0, { at, frame });
  }

  nextAt(): bigint | null {
    return this.frames.length === 0 ? null : this.frames[0].at;
  }

  take(): Uint8Array {
    const next = this.frames.shift();
    if (next === undefined) throw new Error('network: no frame to take');
    return next.frame;
  }

  save(): unknown {
    return this.frames.map((f) => ({ at: cycleToJson(f.at), frame: bytesToJson(f.frame) }));
  }

  load(state: unknown): void {
    this.frames = (state as { at: string; frame: string }[]).map((f) => ({
      at: cycleFromJson(f.at) as bigint, frame: bytesFromJson(f.frame),
    }));
  }
}
