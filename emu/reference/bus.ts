// How the reference CPU reaches the rest of the machine (docs/isa.md §3.11, §5.3, §10).
//
//   portRead(port, size)          in: the device's value (only the low `size` bytes are used)
//   portWrite(port, size, value)  out
//   interruptPending()            the interrupt controller's output line, sampled
//                                 between instructions (and while halted)
//   acknowledgeInterrupt()        called once per delivered hardware interrupt,
//                                 returns its vector
//   stopRequested?()              polled after every port access: true makes run()
//                                 return StopRequested after that instruction
//
// NO_DEVICES is a machine with nothing attached: every port reads all ones,
// writes are ignored (§10 unassigned ports) and no interrupt is ever pending.

export type PortSize = 1 | 2 | 4;

export interface ReferenceBus {
  portRead(port: number, size: PortSize): number;
  portWrite(port: number, size: PortSize, value: number): void;
  interruptPending(): boolean;
  acknowledgeInterrupt(): number;
  stopRequested?(): boolean;
}

export const NO_DEVICES: ReferenceBus = {
  portRead: (_port, size) => (size === 4 ? 0xffff_ffff : size === 2 ? 0xffff : 0xff),
  portWrite: () => {},
  interruptPending: () => false,
  acknowledgeInterrupt: () => {
    throw new Error('acknowledgeInterrupt() with no interrupt pending');
  },
};
