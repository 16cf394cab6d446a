// The instruction forms the block runner (exec.ts) executes in line, numbered
// densely so that its dispatch is a single jump table. Every other form is
// FORM_OTHER and goes to executeOther (exec-other.ts).
//
//   inlineForm(handler): u32   the form of a decoded handler (with MEM_FORM)
//
// The ALU forms are numbered FORM_ALU_* + operation (alu.ts ALU_*), so the
// runner's cases read `case FORM_ALU_RM_R + ALU_ADD:`.

import * as G from './generated/opcodes';
import { MEM_FORM } from './codecache';

export const FORM_OTHER: u32 = 0;
export const FORM_ALU_RM_R: u32 = 1;     // rm32 op= r32, register rm (8 operations)
export const FORM_ALU_R_RM: u32 = 9;     // r32 op= rm32, register rm
export const FORM_ALU_RM_IMM: u32 = 17;  // rm32 op= imm32/simm8, register rm
export const FORM_TEST_RM_R: u32 = 25;
export const FORM_MOV_R_IMM: u32 = 26;
export const FORM_MOV_RM_R: u32 = 27;
export const FORM_STORE_RM_R: u32 = 28;  // mov [m], r32
export const FORM_MOV_R_RM: u32 = 29;
export const FORM_LOAD_R_RM: u32 = 30;   // mov r32, [m]
export const FORM_STORE_RM_IMM: u32 = 31; // mov [m], imm32
export const FORM_LOAD_ZX8: u32 = 32;    // movzx r32, byte [m]
export const FORM_LEA: u32 = 33;
export const FORM_NOT: u32 = 34;
export const FORM_NEG: u32 = 35;
export const FORM_INC: u32 = 36;
export const FORM_DEC: u32 = 37;
export const FORM_SHIFT_IMM: u32 = 38;   // 5 shifts, alu.ts SH_* order
export const FORM_PUSH_R: u32 = 43;
export const FORM_PUSH_IMM: u32 = 44;
export const FORM_POP_R: u32 = 45;
export const FORM_JMP_REL: u32 = 46;
export const FORM_JCC_REL: u32 = 47;
export const FORM_CALL_REL: u32 = 48;
export const FORM_RET: u32 = 49;
export const FORM_RDTSC: u32 = 50;
export const FORM_INT: u32 = 51;
export const FORM_IRET: u32 = 52;
export const FORM_HLT: u32 = 53;
export const FORM_PORT: u32 = 54;

export function inlineForm(handler: u32): u32 {
  if (handler < 0x20) {
    const k = handler >>> 2;
    switch (handler & 3) {
      case 0: return FORM_ALU_RM_R + k;
      case 1: return FORM_ALU_R_RM + k;
      default: return FORM_ALU_RM_IMM + k;
    }
  }
  if (handler >= G.OP_SHL_RM32_IMM8 && handler <= G.OP_ROR_RM32_CL) {
    return (handler & 1) == 0 ? FORM_SHIFT_IMM + ((handler - G.OP_SHL_RM32_IMM8) >>> 1) : FORM_OTHER;
  }
  switch (handler) {
    case G.OP_TEST_RM32_R32: return FORM_TEST_RM_R;
    case G.OP_MOV_R32_IMM32: return FORM_MOV_R_IMM;
    case G.OP_MOV_RM32_R32: return FORM_MOV_RM_R;
    case G.OP_MOV_RM32_R32 | MEM_FORM: return FORM_STORE_RM_R;
    case G.OP_MOV_R32_RM32: return FORM_MOV_R_RM;
    case G.OP_MOV_R32_RM32 | MEM_FORM: return FORM_LOAD_R_RM;
    case G.OP_MOV_RM32_IMM32 | MEM_FORM: return FORM_STORE_RM_IMM;
    case G.OP_MOVZX_R32_RM8 | MEM_FORM: return FORM_LOAD_ZX8;
    case G.OP_LEA_R32_M | MEM_FORM: return FORM_LEA;
    case G.OP_NOT_RM32: return FORM_NOT;
    case G.OP_NEG_RM32: return FORM_NEG;
    case G.OP_INC_RM32: return FORM_INC;
    case G.OP_DEC_RM32: return FORM_DEC;
    case G.OP_PUSH_R32: return FORM_PUSH_R;
    case G.OP_PUSH_IMM32: case G.OP_PUSH_SIMM8: return FORM_PUSH_IMM;
    case G.OP_POP_R32: return FORM_POP_R;
    case G.OP_JMP_REL8: case G.OP_JMP_REL32: return FORM_JMP_REL;
    case G.OP_JCC_REL8: case G.OP_JCC_REL32: return FORM_JCC_REL;
    case G.OP_CALL_REL32: return FORM_CALL_REL;
    case G.OP_RET: return FORM_RET;
    case G.OP_RDTSC: return FORM_RDTSC;
    case G.OP_INT_IMM8: return FORM_INT;
    case G.OP_IRET: return FORM_IRET;
    case G.OP_HLT: return FORM_HLT;
    case G.OP_IN_AL_DX: case G.OP_IN_AX_DX: case G.OP_IN_EAX_DX: case G.OP_IN_AL_IMM8: case G.OP_IN_EAX_IMM8:
    case G.OP_OUT_DX_AL: case G.OP_OUT_DX_AX: case G.OP_OUT_DX_EAX: case G.OP_OUT_IMM8_AL: case G.OP_OUT_IMM8_EAX:
      return FORM_PORT;
    default: return FORM_OTHER;
  }
}
