// The device contract (docs/devices.md): every device model implements Device,
// and the machine hands each one a DeviceContext.
//
// A device claims the ports [portBase, portBase + portCount) and answers
// read(offset, size) / write(offset, size, value) with offset = port - portBase.
// Its timed work is a *deadline*: nextDeadline() is the cycle of its next event
// (or null), and the machine calls onDeadline(D) with that cycle D once the
// emulated clock has reached it (docs/machine.md §2). A device keeps time from
// D, never from the moment it happens to be called, so chunking never drifts.
//
// Rules every device follows:
//   - no host access, no clock, no randomness: time is ctx.now(), host I/O is
//     a backend object given to its constructor;
//   - when a port access creates a deadline or moves it earlier, it calls
//     ctx.requestStop() so the run loop recomputes its target (earlier() below);
//   - it drives its interrupt line with ctx.setIrq(), level-sensitive;
//   - save() returns plain JSON (bigints as decimal strings, bytes as base64,
//     helpers below) and load() restores it, re-driving the interrupt line.

export interface DeviceContext {
  /** The current cycle; during a port access, the cycle at which the in/out began. */
  now(): bigint;
  /** Guest physical RAM, for DMA. Fetch it again at each use: it may be replaced. */
  ram(): Uint8Array;
  /** Tell the machine that RAM [phys, phys+len) was written by DMA (decoded code is stale). */
  ramWritten(phys: number, len: number): void;
  /** Drive an interrupt line of the interrupt controller. */
  setIrq(line: number, high: boolean): void;
  /** Ask the core to return at the next instruction boundary. */
  requestStop(): void;
  /** A device event for the 'dev' trace category. */
  event(kind: string, detail: Record<string, unknown>): void;
}

export type AccessSize = 1 | 2 | 4;

export interface Device {
  readonly name: string;
  readonly portBase: number;
  readonly portCount: number;
  read(offset: number, size: AccessSize): number;
  write(offset: number, size: AccessSize, value: number): void;
  /** The cycle of the next event, or null when nothing is scheduled. */
  nextDeadline(): bigint | null;
  /** Called with the deadline D when the clock has reached it (ctx.now() >= D). */
  onDeadline(cycle: bigint): void;
  save(): unknown;
  load(state: unknown): void;
}

/** True when a deadline changed from `before` to an earlier `after` (or appeared). */
export function earlier(before: bigint | null, after: bigint | null): boolean {
  return after !== null && (before === null || after < before);
}

// ---- saved state -----------------------------------------------------------

/** The fields of a saved state, after checking that it belongs to `device`. */
export function savedFields(state: unknown, device: string): Record<string, unknown> {
  if (typeof state !== 'object' || state === null || (state as { device?: unknown }).device !== device) {
    throw new Error(`${device}: load() given a state that is not a saved ${device}`);
  }
  return state as Record<string, unknown>;
}

export function cycleToJson(cycle: bigint | null): string | null {
  return cycle === null ? null : cycle.toString();
}

export function cycleFromJson(value: unknown): bigint | null {
  return value === null || value === undefined ? null : BigInt(value as string);
}

export function bytesToJson(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

export function bytesFromJson(value: unknown): Uint8Array {
  return new Uint8Array(Buffer.from(value as string, 'base64'));
}
