// The instruction forms the block runner (exec.ts) executes in line, numbered
// densely so that its dispatch is a single jump table. Every other form is
// FORM_OTHER and goes to executeOther (exec-other.ts).
//
//   inlineForm(handler): u32   the form of a decoded handler (with MEM_FORM)
//
// The ALU forms are numbered FORM_ALU_* + operation (alu.ts ALU_*), and the
// shifts FORM_SHIFT_* + shift (SH_*). The runner's case labels are the named
// constants below (FORM_ADD_RM_R, FORM_SHL_IMM, ...), never a sum written at the
// label: the optimizer folds sums later than constants, and builds separate jump
// tables for the cases it has folded at each step.

import * as G from './generated/opcodes';
import {
  ALU_ADC, ALU_ADD, ALU_AND, ALU_CMP, ALU_OR, ALU_SBB, ALU_SUB, ALU_XOR, SH_ROL, SH_ROR, SH_SAR, SH_SHL, SH_SHR,
} from './alu';
import { MEM_FORM } from './codecache';

export const FORM_OTHER: u32 = 0;
export const FORM_ALU_RM_R: u32 = 1;     // rm32 op= r32, register rm (8 operations)
export const FORM_ALU_R_RM: u32 = 9;     // r32 op= rm32, register rm
export const FORM_ALU_RM_IMM: u32 = 17;  // rm32 op= imm32/simm8, register rm
export const FORM_ALU_R_MEM: u32 = 25;   // r32 op= [m]
export const FORM_CMP_MEM_IMM: u32 = 33; // cmp [m], imm32/simm8
export const FORM_TEST_RM_R: u32 = 34;
export const FORM_MOV_R_IMM: u32 = 35;
export const FORM_MOV_RM_R: u32 = 36;
export const FORM_STORE_RM_R: u32 = 37;  // mov [m], r32
export const FORM_MOV_R_RM: u32 = 38;
export const FORM_LOAD_R_RM: u32 = 39;   // mov r32, [m]
export const FORM_STORE_RM_IMM: u32 = 40; // mov [m], imm32
export const FORM_STORE8_R: u32 = 41;    // mov byte [m], r8
export const FORM_STORE8_IMM: u32 = 42;  // mov byte [m], imm8
export const FORM_MOVZX8_R: u32 = 43;    // movzx r32, r8
export const FORM_LOAD_ZX8: u32 = 44;    // movzx r32, byte [m]
export const FORM_LOAD_ZX16: u32 = 45;   // movzx r32, word [m]
export const FORM_LEA: u32 = 46;
export const FORM_SETCC_R: u32 = 47;     // setcc r8
export const FORM_CMOV_R: u32 = 48;      // cmovcc r32, r32
export const FORM_NOT: u32 = 49;
export const FORM_NEG: u32 = 50;
export const FORM_INC: u32 = 51;
export const FORM_DEC: u32 = 52;
export const FORM_SHIFT_IMM: u32 = 53;   // 5 shifts, alu.ts SH_* order
export const FORM_SHIFT_CL: u32 = 58;    // the same by cl
export const FORM_IMUL_IMM: u32 = 63;    // imul r32, r32, imm32/simm8
export const FORM_PUSH_R: u32 = 64;
export const FORM_PUSH_IMM: u32 = 65;
export const FORM_PUSH_MEM: u32 = 66;    // push [m]
export const FORM_POP_R: u32 = 67;
export const FORM_JMP_REL: u32 = 68;
export const FORM_JCC_REL: u32 = 69;
export const FORM_CALL_REL: u32 = 70;
export const FORM_RET: u32 = 71;         // ret and ret imm16 (ret's imm is 0)
export const FORM_RDTSC: u32 = 72;
export const FORM_INT: u32 = 73;
export const FORM_IRET: u32 = 74;
export const FORM_HLT: u32 = 75;
export const FORM_PORT: u32 = 76;

/** What a taken jcc costs beyond its base cost. */
export const JCC_TAKEN_CYCLES: u32 = 2;

// The case labels of the ALU and shift families.
export const FORM_ADD_RM_R: u32 = FORM_ALU_RM_R + ALU_ADD;
export const FORM_OR_RM_R: u32 = FORM_ALU_RM_R + ALU_OR;
export const FORM_ADC_RM_R: u32 = FORM_ALU_RM_R + ALU_ADC;
export const FORM_SBB_RM_R: u32 = FORM_ALU_RM_R + ALU_SBB;
export const FORM_AND_RM_R: u32 = FORM_ALU_RM_R + ALU_AND;
export const FORM_SUB_RM_R: u32 = FORM_ALU_RM_R + ALU_SUB;
export const FORM_XOR_RM_R: u32 = FORM_ALU_RM_R + ALU_XOR;
export const FORM_CMP_RM_R: u32 = FORM_ALU_RM_R + ALU_CMP;
export const FORM_ADD_R_RM: u32 = FORM_ALU_R_RM + ALU_ADD;
export const FORM_OR_R_RM: u32 = FORM_ALU_R_RM + ALU_OR;
export const FORM_ADC_R_RM: u32 = FORM_ALU_R_RM + ALU_ADC;
export const FORM_SBB_R_RM: u32 = FORM_ALU_R_RM + ALU_SBB;
export const FORM_AND_R_RM: u32 = FORM_ALU_R_RM + ALU_AND;
export const FORM_SUB_R_RM: u32 = FORM_ALU_R_RM + ALU_SUB;
export const FORM_XOR_R_RM: u32 = FORM_ALU_R_RM + ALU_XOR;
export const FORM_CMP_R_RM: u32 = FORM_ALU_R_RM + ALU_CMP;
export const FORM_ADD_RM_IMM: u32 = FORM_ALU_RM_IMM + ALU_ADD;
export const FORM_OR_RM_IMM: u32 = FORM_ALU_RM_IMM + ALU_OR;
export const FORM_ADC_RM_IMM: u32 = FORM_ALU_RM_IMM + ALU_ADC;
export const FORM_SBB_RM_IMM: u32 = FORM_ALU_RM_IMM + ALU_SBB;
export const FORM_AND_RM_IMM: u32 = FORM_ALU_RM_IMM + ALU_AND;
export const FORM_SUB_RM_IMM: u32 = FORM_ALU_RM_IMM + ALU_SUB;
export const FORM_XOR_RM_IMM: u32 = FORM_ALU_RM_IMM + ALU_XOR;
export const FORM_CMP_RM_IMM: u32 = FORM_ALU_RM_IMM + ALU_CMP;
export const FORM_ADD_R_MEM: u32 = FORM_ALU_R_MEM + ALU_ADD;
export const FORM_OR_R_MEM: u32 = FORM_ALU_R_MEM + ALU_OR;
export const FORM_ADC_R_MEM: u32 = FORM_ALU_R_MEM + ALU_ADC;
export const FORM_SBB_R_MEM: u32 = FORM_ALU_R_MEM + ALU_SBB;
export const FORM_AND_R_MEM: u32 = FORM_ALU_R_MEM + ALU_AND;
export const FORM_SUB_R_MEM: u32 = FORM_ALU_R_MEM + ALU_SUB;
export const FORM_XOR_R_MEM: u32 = FORM_ALU_R_MEM + ALU_XOR;
export const FORM_CMP_R_MEM: u32 = FORM_ALU_R_MEM + ALU_CMP;
export const FORM_SHL_IMM: u32 = FORM_SHIFT_IMM + SH_SHL;
export const FORM_SHR_IMM: u32 = FORM_SHIFT_IMM + SH_SHR;
export const FORM_SAR_IMM: u32 = FORM_SHIFT_IMM + SH_SAR;
export const FORM_ROL_IMM: u32 = FORM_SHIFT_IMM + SH_ROL;
export const FORM_ROR_IMM: u32 = FORM_SHIFT_IMM + SH_ROR;
export const FORM_SHL_CL: u32 = FORM_SHIFT_CL + SH_SHL;
export const FORM_SHR_CL: u32 = FORM_SHIFT_CL + SH_SHR;
export const FORM_SAR_CL: u32 = FORM_SHIFT_CL + SH_SAR;
export const FORM_ROL_CL: u32 = FORM_SHIFT_CL + SH_ROL;
export const FORM_ROR_CL: u32 = FORM_SHIFT_CL + SH_ROR;

export function inlineForm(handler: u32): u32 {
  if (handler < 0x20) {
    const k = handler >>> 2;
    switch (handler & 3) {
      case 0: return FORM_ALU_RM_R + k;
      case 1: return FORM_ALU_R_RM + k;
      default: return FORM_ALU_RM_IMM + k;
    }
  }
  if ((handler & ~MEM_FORM) < 0x20 && (handler & 3) == 1) return FORM_ALU_R_MEM + ((handler & 0x1F) >>> 2);
  if (handler >= G.OP_SHL_RM32_IMM8 && handler <= G.OP_ROR_RM32_CL) {
    const k = (handler - G.OP_SHL_RM32_IMM8) >>> 1;
    return (handler & 1) == 0 ? FORM_SHIFT_IMM + k : FORM_SHIFT_CL + k;
  }
  switch (handler) {
    case G.OP_CMP_RM32_IMM32 | MEM_FORM: case G.OP_CMP_RM32_SIMM8 | MEM_FORM: return FORM_CMP_MEM_IMM;
    case G.OP_TEST_RM32_R32: return FORM_TEST_RM_R;
    case G.OP_MOV_R32_IMM32: return FORM_MOV_R_IMM;
    case G.OP_MOV_RM32_R32: return FORM_MOV_RM_R;
    case G.OP_MOV_RM32_R32 | MEM_FORM: return FORM_STORE_RM_R;
    case G.OP_MOV_R32_RM32: return FORM_MOV_R_RM;
    case G.OP_MOV_R32_RM32 | MEM_FORM: return FORM_LOAD_R_RM;
    case G.OP_MOV_RM32_IMM32 | MEM_FORM: return FORM_STORE_RM_IMM;
    case G.OP_MOV_RM8_R8 | MEM_FORM: return FORM_STORE8_R;
    case G.OP_MOV_RM8_IMM8 | MEM_FORM: return FORM_STORE8_IMM;
    case G.OP_MOVZX_R32_RM8: return FORM_MOVZX8_R;
    case G.OP_MOVZX_R32_RM8 | MEM_FORM: return FORM_LOAD_ZX8;
    case G.OP_MOVZX_R32_RM16 | MEM_FORM: return FORM_LOAD_ZX16;
    case G.OP_LEA_R32_M | MEM_FORM: return FORM_LEA;
    case G.OP_SETCC_RM8: return FORM_SETCC_R;
    case G.OP_CMOVCC_R32_RM32: return FORM_CMOV_R;
    case G.OP_NOT_RM32: return FORM_NOT;
    case G.OP_NEG_RM32: return FORM_NEG;
    case G.OP_INC_RM32: return FORM_INC;
    case G.OP_DEC_RM32: return FORM_DEC;
    case G.OP_IMUL_R32_RM32_IMM32: case G.OP_IMUL_R32_RM32_SIMM8: return FORM_IMUL_IMM;
    case G.OP_PUSH_R32: return FORM_PUSH_R;
    case G.OP_PUSH_IMM32: case G.OP_PUSH_SIMM8: return FORM_PUSH_IMM;
    case G.OP_PUSH_RM32 | MEM_FORM: return FORM_PUSH_MEM;
    case G.OP_POP_R32: return FORM_POP_R;
    case G.OP_JMP_REL8: case G.OP_JMP_REL32: return FORM_JMP_REL;
    case G.OP_JCC_REL8: case G.OP_JCC_REL32: return FORM_JCC_REL;
    case G.OP_CALL_REL32: return FORM_CALL_REL;
    case G.OP_RET: case G.OP_RET_IMM16: return FORM_RET;
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
