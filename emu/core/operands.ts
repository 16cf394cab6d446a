// Operands of a decoded instruction entry (layout.ts: decoded block).
//
//   isMem(e), regField(e), rmField(e), immField(e), ccField(e), costField(e)
//   ea(e)                      the effective address (§2): base + index << scale + disp,
//                              absent registers reading as 0
//   rm32/rm16/rm8(e)           read the r/m operand (a data read when it is memory)
//   setRm32/setRm16/setRm8(e, v)   write it (a data write when it is memory)
//   push(v)                    §3.2: store at esp - 4, then esp -= 4 (nothing on a fault)
//   popTo(r)                   load from esp, esp += 4, then r = the value (so pop esp
//                              loads esp); nothing on a fault
//
// Memory forms may raise an exception (fault.ts); callers check `faulted`.

import { I_CC, I_COST, I_DISP, I_IMM, I_INDEX, I_MEM, I_REG, I_RM, I_SCALE } from './codecache';
import { faulted } from './fault';
import { read, write } from './memory';
import { ESP, reg, reg16, reg8, setReg, setReg16, setReg8 } from './state';

@inline export function isMem(e: u32): bool { return load<u8>(e, I_MEM) != 0; }
@inline export function regField(e: u32): u32 { return <u32>load<u8>(e, I_REG); }
@inline export function rmField(e: u32): u32 { return <u32>load<u8>(e, I_RM); }
@inline export function immField(e: u32): u32 { return load<u32>(e, I_IMM); }
@inline export function ccField(e: u32): u32 { return <u32>load<u8>(e, I_CC); }
@inline export function costField(e: u32): u32 { return <u32>load<u8>(e, I_COST); }

@inline export function ea(e: u32): u32 {
  return reg(<u32>load<u8>(e, I_RM)) + (reg(<u32>load<u8>(e, I_INDEX)) << <u32>load<u8>(e, I_SCALE))
    + load<u32>(e, I_DISP);
}

@inline export function rm32(e: u32): u32 {
  return isMem(e) ? read<u32>(ea(e)) : reg(rmField(e));
}

@inline export function rm16(e: u32): u32 {
  return isMem(e) ? read<u16>(ea(e)) : reg16(rmField(e));
}

@inline export function rm8(e: u32): u32 {
  return isMem(e) ? read<u8>(ea(e)) : reg8(rmField(e));
}

@inline export function setRm32(e: u32, v: u32): void {
  if (isMem(e)) write<u32>(ea(e), v);
  else setReg(rmField(e), v);
}

@inline export function setRm16(e: u32, v: u32): void {
  if (isMem(e)) write<u16>(ea(e), v);
  else setReg16(rmField(e), v);
}

@inline export function setRm8(e: u32, v: u32): void {
  if (isMem(e)) write<u8>(ea(e), v);
  else setReg8(rmField(e), v);
}

@inline export function push(v: u32): void {
  const sp = reg(ESP) - 4;
  if (write<u32>(sp, v)) setReg(ESP, sp);
}

@inline export function popTo(r: u32): void {
  const sp = reg(ESP);
  const v = read<u32>(sp);
  if (faulted) return;
  setReg(ESP, sp + 4);
  setReg(r, v);
}
