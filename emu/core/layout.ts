// The core's linear memory map: the one definition of every offset the core and
// its host share (docs/machine.md §1.1). Each region starts where the previous
// one ends; every constant is exported from the wasm module as a global, and
// emu/core-host.ts reads them from there. Nothing else writes an offset by hand.
//
//  0x000000 +---------------------------+
//           | AssemblyScript static data | AS_DATA: 64 KiB, checked by init()
//           +---------------------------+
//           | CPU state                  | CPU: registers, eip, flags, crN, cycles...
//           +---------------------------+   (saved in snapshots)
//           | counters (u64 each)        | COUNTERS, per-vector arrays of 256
//           +---------------------------+   (saved)
//           | TLB: 16 sets x 4 ways,     | TLB (saved)
//           | FIFO pointers              |
//           +---------------------------+
//           | host slots                 | IO: INTR_LINE, STOP_REQUEST, TRACE_MASK,
//           +---------------------------+   event count (not saved)
//           | trace event records        | EVENTS, EVENTS_CAPACITY x EVENT_SIZE
//           +---------------------------+
//           | decoded blocks             | BLOCKS (derived, never saved)
//           +---------------------------+
//           | code-page map              | CODE_PAGES: a u32 per RAM page
//           +---------------------------+
//           | boot ROM (64 KiB)          | ROM_BASE
//           +---------------------------+
//           | guest RAM                  | RAM_BASE (64 KiB aligned), grown by init()
//           +---------------------------+
//
// Trace event record (EVENT_SIZE = 32 bytes, little-endian):
//
//   +0  u64 cycle     the cycle counter when recorded (an instruction's own events
//                     carry its start cycle; a delivery's carry the cycle it began)
//   +8  u8  type      EV_* below
//   +9  u8  cpl       CPL when recorded
//   +10 u8  aux1      vector (irq, exception, softint), from-CPL (mode), access
//                     (tlb-miss: 0 read, 1 write, 2 fetch), flush kind (0 cr3, 1 cr0)
//   +11 u8  aux2      to-CPL (mode, iret)
//   +12 u32 eip       the instruction concerned (see each type)
//   +16 u32 a         error code, vaddr, cr3 value, cause, iret target
//   +20 u32 b         cr2 (exception), esp (call, ret)
//   +24 u32 c         cr3 (call, ret)
//   +28 u32           reserved (0)
//
//   type            mask bit   eip                      a            other
//   EV_INSN     1   0 insn     the instruction          -
//   EV_MODE     2   1 mode     where execution resumes  cause        aux1 from, aux2 to
//   EV_HALT     3   1 mode     the hlt                  its cycles (idle from cycle + a)
//   EV_WAKE     4   1 mode     the eip after hlt        -
//   EV_IRQ      5   2 intr     the interrupted eip      -            aux1 vector
//   EV_EXC      6   2 intr     the faulting eip         error code   aux1 vector, b cr2
//   EV_SOFTINT  7   2 intr     the int n                -            aux1 vector
//   EV_IRET     8   2 intr     the iret                 target eip   aux2 new CPL
//   EV_TLB_MISS 9   3 mmu      the instruction          vaddr        aux1 access
//   EV_FLUSH    10  3 mmu      the instruction          -            aux1 kind
//   EV_INVLPG   11  3 mmu      the invlpg               vaddr
//   EV_CR3      12  3 mmu      the mov cr3              new cr3
//   EV_CALL     13  4 call     the call                 target       b esp after the push, c cr3
//   EV_RET      14  4 call     the ret                  return eip   b esp after the pop, c cr3
//   mode causes: 0 syscall (int n), 1 irq, 2 exception, 3 iret

// ---- regions ------------------------------------------------------------

export const AS_DATA: u32 = 0;
export const AS_DATA_SIZE: u32 = 0x10000;

export const CPU: u32 = AS_DATA + AS_DATA_SIZE;
export const CPU_SIZE: u32 = 256;

export const COUNTERS: u32 = CPU + CPU_SIZE;
export const COUNTERS_SIZE: u32 = 128 + 3 * 256 * 8;

export const TLB: u32 = COUNTERS + COUNTERS_SIZE;
export const TLB_SETS: u32 = 16;
export const TLB_WAYS: u32 = 4;
export const TLB_ENTRY_SIZE: u32 = 16;
export const TLB_FIFO: u32 = TLB + TLB_SETS * TLB_WAYS * TLB_ENTRY_SIZE;
export const TLB_SIZE: u32 = TLB_SETS * TLB_WAYS * TLB_ENTRY_SIZE + 16;

/** The snapshot: CPU state, counters and TLB, contiguous. */
export const SAVED: u32 = CPU;
export const SAVED_SIZE: u32 = CPU_SIZE + COUNTERS_SIZE + TLB_SIZE;

export const IO: u32 = TLB + TLB_SIZE;
export const IO_SIZE: u32 = 64;

export const EVENTS: u32 = IO + IO_SIZE;
export const EVENT_SIZE: u32 = 32;
export const EVENTS_CAPACITY: u32 = 8192;
export const EVENTS_SIZE: u32 = EVENT_SIZE * EVENTS_CAPACITY;

/** Decoded blocks, direct-mapped by the physical address of their first byte; one spare slot last. */
export const BLOCKS: u32 = EVENTS + EVENTS_SIZE;
export const BLOCK_SLOTS: u32 = 8192;
export const BLOCK_MAX_INSNS: u32 = 32;
export const BLOCK_HEADER_SIZE: u32 = 32;
export const INSN_SIZE: u32 = 32;
export const BLOCK_SIZE: u32 = BLOCK_HEADER_SIZE + BLOCK_MAX_INSNS * INSN_SIZE;
export const BLOCKS_SIZE: u32 = BLOCK_SIZE * (BLOCK_SLOTS + 1);

export const MAX_RAM_BYTES: u32 = 1024 * 1024 * 1024;
export const CODE_PAGES: u32 = BLOCKS + BLOCKS_SIZE;
export const CODE_PAGES_SIZE: u32 = (MAX_RAM_BYTES >>> 12) * 4;

export const ROM_BASE: u32 = CODE_PAGES + CODE_PAGES_SIZE;
export const ROM_SIZE: u32 = 0x10000;
/** Physical address of the ROM's first byte (docs/isa.md §9). */
export const ROM_PHYS: u32 = 0xFFFF0000;

export const RAM_BASE: u32 = (ROM_BASE + ROM_SIZE + 0xFFFF) & ~0xFFFF;

// ---- CPU state fields (u32 unless noted) --------------------------------

/** eax ecx edx ebx esp ebp esi edi, then a ninth slot that is always 0 (no base/index). */
export const STATE_REGS: u32 = CPU + 0;
export const STATE_EIP: u32 = CPU + 36;
/** IF, DF, bit 1; CF ZF SF OF too when STATE_FLAGS_OP is FLAGS_EAGER. */
export const STATE_EFLAGS: u32 = CPU + 40;
/** Lazy arithmetic flags: the operation and its operands (emu/core/flags.ts). */
export const STATE_FLAGS_OP: u32 = CPU + 44;
export const STATE_FLAGS_RES: u32 = CPU + 48;
export const STATE_FLAGS_A: u32 = CPU + 52;
export const STATE_FLAGS_B: u32 = CPU + 56;
export const STATE_CPL: u32 = CPU + 60;
export const STATE_CR0: u32 = CPU + 64;
export const STATE_CR2: u32 = CPU + 68;
export const STATE_CR3: u32 = CPU + 72;
export const STATE_KSP: u32 = CPU + 76;
export const STATE_IDT_BASE: u32 = CPU + 80;
export const STATE_IDT_LIMIT: u32 = CPU + 84;
export const STATE_HALTED: u32 = CPU + 88;
/** Non-zero from an sti that set IF until the next instruction boundary has passed. */
export const STATE_STI_SHADOW: u32 = CPU + 92;
/** Non-zero after a triple fault: run() and step() return TripleFault until reset. */
export const STATE_SHUTDOWN: u32 = CPU + 96;
/** The fetch page (docs/isa.md §7): linear page base, or 1 when forgotten. */
export const STATE_FETCH_LINEAR: u32 = CPU + 100;
export const STATE_FETCH_PHYS: u32 = CPU + 104;
/** u64: the cycle counter (docs/isa.md §8). */
export const STATE_CYCLES: u32 = CPU + 112;
/** u64: instructions retired. */
export const STATE_INSTRUCTIONS: u32 = CPU + 120;
/** u64: user/kernel cycle counters are exact up to this cycle; the rest belongs to the CPL. */
export const STATE_CYCLE_MARK: u32 = CPU + 128;

// ---- counters (u64) -----------------------------------------------------

export const COUNTER_USER_CYCLES: u32 = COUNTERS + 0;
export const COUNTER_KERNEL_CYCLES: u32 = COUNTERS + 8;
export const COUNTER_IDLE_CYCLES: u32 = COUNTERS + 16;
export const COUNTER_MODE_SYSCALL: u32 = COUNTERS + 24;
export const COUNTER_MODE_IRQ: u32 = COUNTERS + 32;
export const COUNTER_MODE_EXCEPTION: u32 = COUNTERS + 40;
export const COUNTER_RETURNS_TO_USER: u32 = COUNTERS + 48;
export const COUNTER_PAGE_FAULTS: u32 = COUNTERS + 56;
export const COUNTER_TLB_HITS: u32 = COUNTERS + 64;
export const COUNTER_TLB_MISSES: u32 = COUNTERS + 72;
export const COUNTER_TLB_FLUSHES: u32 = COUNTERS + 80;
export const COUNTER_TLB_INVLPG: u32 = COUNTERS + 88;
export const COUNTER_CR3_LOADS: u32 = COUNTERS + 96;
/** 256 x u64 each, indexed by vector. */
export const COUNTER_INTERRUPTS: u32 = COUNTERS + 128;
export const COUNTER_EXCEPTIONS: u32 = COUNTER_INTERRUPTS + 256 * 8;
export const COUNTER_SOFT_INTS: u32 = COUNTER_EXCEPTIONS + 256 * 8;

// ---- TLB entry (TLB + (set * TLB_WAYS + way) * TLB_ENTRY_SIZE) ------------
//   +0 tag: linear page base | 1 when valid, 0 when empty
//   +4 physical frame base
//   +8 effective bits as in a PTE: RW (bit 1), US (bit 2), D (bit 6), G (bit 8)
// TLB_FIFO + set: the way the set fills next (0-3).

// ---- host slots ---------------------------------------------------------

/** Written by the host: non-zero while the interrupt controller has a deliverable line. */
export const INTR_LINE: u32 = IO + 0;
/** Written by the host: non-zero asks run() to return StopRequested; the core clears it. */
export const STOP_REQUEST: u32 = IO + 4;
/** Written by the host: which event categories to record (bit 0 insn, 1 mode, 2 intr, 3 mmu, 4 call). */
export const TRACE_MASK: u32 = IO + 8;
/** Records in EVENTS; the host resets it to 0 after draining. */
export const EVENTS_COUNT: u32 = IO + 12;
/** Records lost because the buffer was full inside one instruction. */
export const EVENTS_DROPPED: u32 = IO + 16;
/** Bytes of RAM (set by init). */
export const RAM_BYTES: u32 = IO + 20;

/** run() returns EventsFull at a boundary once fewer than this many records are free. */
export const EVENTS_RESERVE: u32 = 256;

// ---- trace record fields and types -------------------------------------

export const EV_CYCLE: u32 = 0;
export const EV_TYPE: u32 = 8;
export const EV_CPL: u32 = 9;
export const EV_AUX1: u32 = 10;
export const EV_AUX2: u32 = 11;
export const EV_EIP: u32 = 12;
export const EV_A: u32 = 16;
export const EV_B: u32 = 20;
export const EV_C: u32 = 24;

export const EV_INSN: u32 = 1;
export const EV_MODE: u32 = 2;
export const EV_HALT: u32 = 3;
export const EV_WAKE: u32 = 4;
export const EV_IRQ: u32 = 5;
export const EV_EXC: u32 = 6;
export const EV_SOFTINT: u32 = 7;
export const EV_IRET: u32 = 8;
export const EV_TLB_MISS: u32 = 9;
export const EV_FLUSH: u32 = 10;
export const EV_INVLPG: u32 = 11;
export const EV_CR3: u32 = 12;
export const EV_CALL: u32 = 13;
export const EV_RET: u32 = 14;

export const TRACE_INSN: u32 = 1;
export const TRACE_MODE: u32 = 2;
export const TRACE_INTR: u32 = 4;
export const TRACE_MMU: u32 = 8;
export const TRACE_CALL: u32 = 16;

// ---- decoded block (BLOCKS + slot * BLOCK_SIZE) ----------------------------
//   header: +0 u32 tag: ~(physical address of the first byte); 0 when empty
//           +4 u32 instructions (1-32)
//           +8 u32 code-page word the block was decoded under (0 for ROM blocks)
//           +12 u32 cycles all but the last instruction may spend (base costs, and
//               a taken jcc's for each jcc the block goes on after when taken)
//   then one INSN_SIZE entry per instruction, in the order they run when the
//   block runs to its end (decode.ts: a block may go on at a jump's target):
//           +0 u16 handler opcode (or HANDLER_UD)  +2 u8 length  +3 u8 cost (base +
//           r/m surcharge)  +4 u8 mem (r/m is memory)  +5 u8 reg  +6 u8 rm / base
//           +7 u8 index  +8 u8 scale  +9 u8 cc  +10 u8 form (inline-forms.ts)
//           +11 u8 follows (a jcc: the block goes on at its target)  +12 u32 disp
//           +16 u32 immediate  +20 u32 physical address (decoding only)
//
// ---- code-page map (CODE_PAGES + (phys >>> 12) * 4) -------------------------
//   bit 31: blocks were decoded from this RAM page since it was last written;
//   bits 0-30: the page's generation, advanced by every write that finds bit 31 set.
//   A block is valid while its page's word equals the word it was decoded under.

// ---- stop reasons (emu/cpu-state.ts StopReason) -------------------------

export const STOP_BUDGET: u32 = 0;
export const STOP_HALTED: u32 = 1;
export const STOP_REQUESTED: u32 = 2;
export const STOP_TRIPLE_FAULT: u32 = 3;
export const STOP_EVENTS_FULL: u32 = 4;
export const STOP_DEAD: u32 = 5;
export const STOP_STEP: u32 = 6;
