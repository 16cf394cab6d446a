// Guest-visible exceptions raised inside the reference interpreter (docs/isa.md §5.1, §6).
//
// An instruction that faults throws a GuestFault; the CPU catches it at the
// instruction boundary and delivers the vector (§5.3). A GuestFault is the
// guest's business; any other thrown error is a bug in the interpreter.
//
//   VECTOR               the exception vectors of §5.1
//   GuestFault           vector + error code (null when the vector has none)
//   GateRejected         thrown while delivering: a gate beyond the IDT limit, not
//                        present, or int n from CPL 3 through a DPL 0 gate (§5.3 step 1)
//   PF                   the #PF error-code bits of §6
//   hasErrorCode(v)      whether delivering exception v pushes an error code

export const VECTOR = { DE: 0, UD: 6, DF: 8, GP: 13, PF: 14 } as const;

export const PF = {
  PRESENT: 1 << 0, // 1: protection violation (or RSVD); 0: not present
  WRITE: 1 << 1,
  USER: 1 << 2,    // the access was made at CPL 3
  RSVD: 1 << 3,    // PS = 1 in a PDE
  FETCH: 1 << 4,   // instruction fetch
} as const;

export class GuestFault {
  constructor(readonly vector: number, readonly errorCode: number | null) {}
}

export class GateRejected {
  constructor(readonly vector: number) {}
}

export function undefinedOpcode(): GuestFault {
  return new GuestFault(VECTOR.UD, null);
}

export function generalProtection(errorCode: number): GuestFault {
  return new GuestFault(VECTOR.GP, errorCode);
}

export function divideError(): GuestFault {
  return new GuestFault(VECTOR.DE, null);
}

/** §5.1: #DF, #GP and #PF push an error code; #DE, #UD, interrupts and int n do not. */
export function hasErrorCode(vector: number): boolean {
  return vector === VECTOR.DF || vector === VECTOR.GP || vector === VECTOR.PF;
}
