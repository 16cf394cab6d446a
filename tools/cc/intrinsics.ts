// Calls compiled inline: bare.putc, the kernel's cpu.* intrinsics, the
// getTempRet0/setTempRet0 pair binaryen's lowering adds (docs/abi.md §10), and
// the commonest cases of the runtime's 64-bit helpers (i64 multiply, unsigned
// division by a 32-bit constant).
//
// Each entry gets its arguments already evaluated (in order) and emits the
// instructions, claiming the fixed registers they need:
//
//   cpu.outb(port, v)  ->  mov eax, v / mov edx, port / out dx, al

import type { Val } from './emitter.ts';
import type { CallLowering, ExpressionCompiler, InlineCall } from './expressions.ts';
import { imm, type Reg } from './x86.ts';

/** Puts `v` into the fixed register `reg`, which stays claimed. */
function toFixed(c: ExpressionCompiler, reg: Reg, v: Val): void {
  if (v.owned && v.isReg(reg)) {
    c.claim(reg, v);
    return;
  }
  c.pin(v);
  c.claim(reg);
  c.unpin(v);
  c.load(reg, v);
  c.release(v);
}

function inline(emit: InlineCall): CallLowering {
  return { kind: 'inline', emit };
}

function call(label: string): CallLowering {
  return { kind: 'call', label };
}

const UART_DATA = 0x3f8;

export const COMMON_IMPORTS: Record<string, CallLowering> = {
  'env.abort': call('__wasm_abort'),
  'env.getTempRet0': inline((c) => {
    const d = c.newReg();
    c.emit(`mov ${d.reg}, [__wasm_tempret0]`);
    return d;
  }),
  'env.setTempRet0': inline((c, [v]) => {
    const r = c.notImm(v);
    c.emit(`mov dword [__wasm_tempret0], ${r.kind === 'imm' ? imm(r.value) : c.op(r)}`);
    c.release(r);
    return null;
  }),
};

export const BARE_IMPORTS: Record<string, CallLowering> = {
  'bare.putc': inline((c, [v]) => {
    toFixed(c, 'eax', v);
    c.claim('edx');
    c.emit(`mov edx, ${imm(UART_DATA)}`);
    c.emit('out dx, al');
    c.unclaim('edx');
    c.unclaim('eax');
    return null;
  }),
};

function portIn(size: 1 | 2 | 4): CallLowering {
  return inline((c, [port]) => {
    toFixed(c, 'edx', port);
    c.claim('eax');
    if (size === 4) c.emit('in eax, dx');
    else c.emit(size === 1 ? 'in al, dx' : 'in ax, dx');
    if (size !== 4) c.emit(size === 1 ? 'movzx eax, al' : 'movzx eax, ax');
    c.unclaim('edx');
    return c.adopt('eax');
  });
}

function portOut(size: 1 | 2 | 4): CallLowering {
  return inline((c, [port, value]) => {
    toFixed(c, 'eax', value);
    toFixed(c, 'edx', port);
    c.emit(`out dx, ${size === 1 ? 'al' : size === 2 ? 'ax' : 'eax'}`);
    c.unclaim('edx');
    c.unclaim('eax');
    return null;
  });
}

function readControl(cr: string): CallLowering {
  return inline((c) => {
    const d = c.newReg();
    c.emit(`mov ${d.reg}, ${cr}`);
    return d;
  });
}

function writeControl(cr: string): CallLowering {
  return inline((c, [v]) => {
    const r = c.inReg(v);
    c.emit(`mov ${cr}, ${r.reg}`);
    c.release(r);
    return null;
  });
}

function instructions(...lines: string[]): CallLowering {
  return inline((c) => {
    lines.forEach((l) => c.emit(l));
    return null;
  });
}

function rawLoad(size: 1 | 2 | 4): CallLowering {
  return inline((c, [va]) => {
    const r = c.inReg(va);
    c.release(r);
    const d = c.newReg();
    c.emit(size === 4 ? `mov ${d.reg}, [${r.reg}]` : `movzx ${d.reg}, ${size === 1 ? 'byte' : 'word'} [${r.reg}]`);
    return d;
  });
}

function rawStore(size: 1 | 2 | 4): CallLowering {
  return inline((c, [va, value]) => {
    const r = c.inReg(va);
    c.pin(r);
    const v = c.inReg(value);
    c.unpin(r);
    c.emit(`mov ${size === 1 ? 'byte' : size === 2 ? 'word' : 'dword'} [${r.reg}], ${c.op(v, size)}`);
    c.release(v);
    c.release(r);
    return null;
  });
}

export const KERNEL_IMPORTS: Record<string, CallLowering> = {
  'cpu.inb': portIn(1), 'cpu.inw': portIn(2), 'cpu.inl': portIn(4),
  'cpu.outb': portOut(1), 'cpu.outw': portOut(2), 'cpu.outl': portOut(4),
  'cpu.cli': instructions('cli'), 'cpu.sti': instructions('sti'), 'cpu.hlt': instructions('hlt'),
  'cpu.idle': instructions('sti', 'hlt'),
  'cpu.read_cr0': readControl('cr0'), 'cpu.read_cr2': readControl('cr2'),
  'cpu.read_cr3': readControl('cr3'), 'cpu.read_ksp': readControl('ksp'),
  'cpu.write_cr0': writeControl('cr0'), 'cpu.write_cr2': writeControl('cr2'),
  'cpu.write_cr3': writeControl('cr3'), 'cpu.write_ksp': writeControl('ksp'),
  'cpu.invlpg': inline((c, [va]) => {
    const r = c.inReg(va);
    c.emit(`invlpg [${r.reg}]`);
    c.release(r);
    return null;
  }),
  'cpu.lidt': inline((c, [desc]) => {
    const r = c.inReg(desc);
    c.emit(`lidt [${r.reg}+__wasm_memory]`);
    c.release(r);
    return null;
  }),
  'cpu.rdtsc': inline((c) => {
    c.claim('eax');
    c.claim('edx');
    c.emit('rdtsc');
    c.emit('mov [__wasm_tempret0], edx');
    c.unclaim('edx');
    return c.adopt('eax');
  }),
  'cpu.esp': inline((c) => {
    const d = c.newReg();
    c.emit(`mov ${d.reg}, esp`);
    return d;
  }),
  'cpu.load8': rawLoad(1), 'cpu.load16': rawLoad(2), 'cpu.load32': rawLoad(4),
  'cpu.store8': rawStore(1), 'cpu.store16': rawStore(2), 'cpu.store32': rawStore(4),
  'cpu.swtch': call('__cpu_swtch'),
  'cpu.trapret': call('__cpu_trapret'),
  'cpu.copyin': call('__cpu_copyin'),
  'cpu.copyout': call('__cpu_copyout'),
  'cpu.fault_fixup': call('__cpu_fault_fixup'),
};

/**
 * __wasm_i64_mul(a_lo, a_hi, b_lo, b_hi): lo = low(a_lo * b_lo); hi = high(a_lo * b_lo)
 * + a_hi * b_lo + a_lo * b_hi.
 */
const i64Multiply: InlineCall = (c, [aLo, aHi, bLo, bHi]) => {
  const cross = c.newReg();
  c.load(cross.reg, aHi);
  c.release(aHi);
  c.emit(bLo.kind === 'imm' ? `imul ${cross.reg}, ${cross.reg}, ${imm(bLo.value)}` : `imul ${cross.reg}, ${c.op(bLo)}`);
  if (!(bHi.kind === 'imm' && bHi.value === 0)) {
    const t = c.newReg();
    c.load(t.reg, aLo);
    c.emit(bHi.kind === 'imm' ? `imul ${t.reg}, ${t.reg}, ${imm(bHi.value)}` : `imul ${t.reg}, ${c.op(bHi)}`);
    c.emit(`add ${c.op(cross)}, ${t.reg}`);
    c.release(t);
  }
  c.release(bHi);
  toFixed(c, 'eax', aLo);
  c.claim('edx');
  const b = bLo.kind === 'imm' ? c.own(bLo, ['eax', 'edx']) : bLo;
  c.emit(`mul ${c.op(b)}`);
  c.release(b);
  c.emit(`add edx, ${c.op(cross)}`);
  c.release(cross);
  c.emit('mov [__wasm_i64_high], edx');
  c.unclaim('edx');
  return c.adopt('eax');
};

/** __wasm_i64_udiv/urem by a constant below 2^32: two `div`s instead of a call. */
function i64DivideUnsigned(remainder: boolean): InlineCall {
  const label = remainder ? '__wasm_i64_urem' : '__wasm_i64_udiv';
  return (c, args) => {
    const [aLo, aHi, bLo, bHi] = args;
    if (bLo.kind !== 'imm' || bLo.value === 0 || bHi.kind !== 'imm' || bHi.value !== 0) return c.callValues(label, args, true);
    toFixed(c, 'eax', aHi);
    c.claim('edx');
    const divisor = c.own(bLo, ['eax', 'edx']);
    c.emit('xor edx, edx');
    c.emit(`div ${divisor.reg}`);
    c.emit(remainder ? 'mov dword [__wasm_i64_high], 0' : 'mov [__wasm_i64_high], eax');
    c.emit(`mov eax, ${c.op(aLo)}`);
    c.release(aLo);
    c.emit(`div ${divisor.reg}`);
    c.release(divisor);
    if (remainder) {
      c.unclaim('eax');
      return c.adopt('edx');
    }
    c.unclaim('edx');
    return c.adopt('eax');
  };
}

/** Runtime helpers with an inline lowering. */
export const INLINE_RUNTIME: Record<string, CallLowering> = {
  __wasm_i64_mul: inline(i64Multiply),
  __wasm_i64_udiv: inline(i64DivideUnsigned(false)),
  __wasm_i64_urem: inline(i64DivideUnsigned(true)),
};

/** A `sys` import: the stub for its arity, with the system call number as a first argument. */
export function syscallLowering(number: number, params: number): CallLowering {
  return { kind: 'call', label: `__wasm_syscall${params}`, prefix: [number] };
}

export const MAX_SYSCALL_ARGUMENTS = 5;
