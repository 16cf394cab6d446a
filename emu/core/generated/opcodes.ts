// generated from tools/isa/opcodes.ts by tools/isa/gen-core-tables.ts — do not edit
//
// Decode facts for the wasm core, one u32 per first byte (OPCODE_INFO), and a
// named constant per opcode-table entry. A +r entry is executed by the case of
// its base opcode; a j/set/cmov condition family by the case of its cc = 0 entry
// (OP_JCC_REL8 and friends); INFO_HANDLER gives that case opcode for each byte.
//
//  31      24 23      16 15  13 12  11  10  9   8  7   6   5  4  3     1  0
// +----------+----------+------+---+---+---+------+---+---+-----+-------+---+
// | handler  |  cycles  |  0   |cc |+r |prv|  rm  |rel|sgn| imm | shape |def|
// +----------+----------+------+---+---+---+------+---+---+-----+-------+---+
//  shape: 0 none, 1 reg+rm, 2 reg+mem, 3 rm, 4 mem, 5 cr (tools/isa/opcodes.ts Encoding)
//  imm:   0, 1, 2 or 4 bytes (codes 0-3)        rm: 0 none, 1 read, 2 write, 3 rmw

export const INFO_DEFINED: u32 = 1;
export const INFO_SHAPE_SHIFT: u32 = 1;
export const INFO_SHAPE_MASK: u32 = 7;
export const INFO_IMM_SHIFT: u32 = 4;
export const INFO_IMM_MASK: u32 = 3;
export const INFO_IMM_SIGNED: u32 = 1 << 6;
export const INFO_RELATIVE: u32 = 1 << 7;
export const INFO_RM_SHIFT: u32 = 8;
export const INFO_RM_MASK: u32 = 3;
export const INFO_PRIVILEGED: u32 = 1 << 10;
export const INFO_PLUS_REG: u32 = 1 << 11;
export const INFO_CONDITION: u32 = 1 << 12;
export const INFO_CYCLES_SHIFT: u32 = 16;
export const INFO_HANDLER_SHIFT: u32 = 24;

export const SHAPE_NONE: u32 = 0;
export const SHAPE_REG_RM: u32 = 1;
export const SHAPE_REG_MEM: u32 = 2;
export const SHAPE_RM: u32 = 3;
export const SHAPE_MEM: u32 = 4;
export const SHAPE_CR: u32 = 5;
export const RM_NONE: u32 = 0;
export const RM_READ: u32 = 1;
export const RM_WRITE: u32 = 2;
export const RM_RMW: u32 = 3;
/** Bit n set: control register n exists (others are #UD). */
export const CONTROL_REG_MASK: u32 = 0x1D;

export const OP_ADD_RM32_R32: u32 = 0x00; // add rm32, r32
export const OP_ADD_R32_RM32: u32 = 0x01; // add r32, rm32
export const OP_ADD_RM32_IMM32: u32 = 0x02; // add rm32, imm32
export const OP_ADD_RM32_SIMM8: u32 = 0x03; // add rm32, simm8
export const OP_OR_RM32_R32: u32 = 0x04; // or rm32, r32
export const OP_OR_R32_RM32: u32 = 0x05; // or r32, rm32
export const OP_OR_RM32_IMM32: u32 = 0x06; // or rm32, imm32
export const OP_OR_RM32_SIMM8: u32 = 0x07; // or rm32, simm8
export const OP_ADC_RM32_R32: u32 = 0x08; // adc rm32, r32
export const OP_ADC_R32_RM32: u32 = 0x09; // adc r32, rm32
export const OP_ADC_RM32_IMM32: u32 = 0x0A; // adc rm32, imm32
export const OP_ADC_RM32_SIMM8: u32 = 0x0B; // adc rm32, simm8
export const OP_SBB_RM32_R32: u32 = 0x0C; // sbb rm32, r32
export const OP_SBB_R32_RM32: u32 = 0x0D; // sbb r32, rm32
export const OP_SBB_RM32_IMM32: u32 = 0x0E; // sbb rm32, imm32
export const OP_SBB_RM32_SIMM8: u32 = 0x0F; // sbb rm32, simm8
export const OP_AND_RM32_R32: u32 = 0x10; // and rm32, r32
export const OP_AND_R32_RM32: u32 = 0x11; // and r32, rm32
export const OP_AND_RM32_IMM32: u32 = 0x12; // and rm32, imm32
export const OP_AND_RM32_SIMM8: u32 = 0x13; // and rm32, simm8
export const OP_SUB_RM32_R32: u32 = 0x14; // sub rm32, r32
export const OP_SUB_R32_RM32: u32 = 0x15; // sub r32, rm32
export const OP_SUB_RM32_IMM32: u32 = 0x16; // sub rm32, imm32
export const OP_SUB_RM32_SIMM8: u32 = 0x17; // sub rm32, simm8
export const OP_XOR_RM32_R32: u32 = 0x18; // xor rm32, r32
export const OP_XOR_R32_RM32: u32 = 0x19; // xor r32, rm32
export const OP_XOR_RM32_IMM32: u32 = 0x1A; // xor rm32, imm32
export const OP_XOR_RM32_SIMM8: u32 = 0x1B; // xor rm32, simm8
export const OP_CMP_RM32_R32: u32 = 0x1C; // cmp rm32, r32
export const OP_CMP_R32_RM32: u32 = 0x1D; // cmp r32, rm32
export const OP_CMP_RM32_IMM32: u32 = 0x1E; // cmp rm32, imm32
export const OP_CMP_RM32_SIMM8: u32 = 0x1F; // cmp rm32, simm8
export const OP_TEST_RM32_R32: u32 = 0x20; // test rm32, r32
export const OP_TEST_RM32_IMM32: u32 = 0x21; // test rm32, imm32
export const OP_TEST_RM8_IMM8: u32 = 0x22; // test rm8, imm8
export const OP_CMP_RM8_IMM8: u32 = 0x23; // cmp rm8, imm8
export const OP_XCHG_RM32_R32: u32 = 0x24; // xchg rm32, r32
export const OP_LEA_R32_M: u32 = 0x25; // lea r32, m
export const OP_CDQ: u32 = 0x26; // cdq
export const OP_LEAVE: u32 = 0x27; // leave
export const OP_NOP: u32 = 0x28; // nop
export const OP_PUSHFD: u32 = 0x29; // pushfd
export const OP_POPFD: u32 = 0x2A; // popfd
export const OP_PUSH_IMM32: u32 = 0x2B; // push imm32
export const OP_PUSH_SIMM8: u32 = 0x2C; // push simm8
export const OP_PUSH_RM32: u32 = 0x2D; // push rm32
export const OP_POP_RM32: u32 = 0x2E; // pop rm32
export const OP_UD2: u32 = 0x2F; // ud2
export const OP_PUSH_R32: u32 = 0x30; // push r32 (+r: 0x30-0x37)
export const OP_POP_R32: u32 = 0x38; // pop r32 (+r: 0x38-0x3F)
export const OP_MOV_R32_IMM32: u32 = 0x40; // mov r32, imm32 (+r: 0x40-0x47)
export const OP_MOV_RM32_R32: u32 = 0x48; // mov rm32, r32
export const OP_MOV_R32_RM32: u32 = 0x49; // mov r32, rm32
export const OP_MOV_RM32_IMM32: u32 = 0x4A; // mov rm32, imm32
export const OP_MOV_RM8_R8: u32 = 0x4B; // mov rm8, r8
export const OP_MOV_R8_RM8: u32 = 0x4C; // mov r8, rm8
export const OP_MOV_RM8_IMM8: u32 = 0x4D; // mov rm8, imm8
export const OP_MOV_RM16_R16: u32 = 0x4E; // mov rm16, r16
export const OP_MOV_RM16_IMM16: u32 = 0x4F; // mov rm16, imm16
export const OP_MOV_R16_RM16: u32 = 0x50; // mov r16, rm16
export const OP_MOVZX_R32_RM8: u32 = 0x51; // movzx r32, rm8
export const OP_MOVZX_R32_RM16: u32 = 0x52; // movzx r32, rm16
export const OP_MOVSX_R32_RM8: u32 = 0x53; // movsx r32, rm8
export const OP_MOVSX_R32_RM16: u32 = 0x54; // movsx r32, rm16
export const OP_NOT_RM32: u32 = 0x58; // not rm32
export const OP_NEG_RM32: u32 = 0x59; // neg rm32
export const OP_INC_RM32: u32 = 0x5A; // inc rm32
export const OP_DEC_RM32: u32 = 0x5B; // dec rm32
export const OP_MUL_RM32: u32 = 0x5C; // mul rm32
export const OP_IMUL_RM32: u32 = 0x5D; // imul rm32
export const OP_DIV_RM32: u32 = 0x5E; // div rm32
export const OP_IDIV_RM32: u32 = 0x5F; // idiv rm32
export const OP_IMUL_R32_RM32: u32 = 0x60; // imul r32, rm32
export const OP_IMUL_R32_RM32_IMM32: u32 = 0x61; // imul r32, rm32, imm32
export const OP_IMUL_R32_RM32_SIMM8: u32 = 0x62; // imul r32, rm32, simm8
export const OP_BSF_R32_RM32: u32 = 0x63; // bsf r32, rm32
export const OP_BSR_R32_RM32: u32 = 0x64; // bsr r32, rm32
export const OP_POPCNT_R32_RM32: u32 = 0x65; // popcnt r32, rm32
export const OP_SHL_RM32_IMM8: u32 = 0x68; // shl rm32, imm8
export const OP_SHL_RM32_CL: u32 = 0x69; // shl rm32, cl
export const OP_SHR_RM32_IMM8: u32 = 0x6A; // shr rm32, imm8
export const OP_SHR_RM32_CL: u32 = 0x6B; // shr rm32, cl
export const OP_SAR_RM32_IMM8: u32 = 0x6C; // sar rm32, imm8
export const OP_SAR_RM32_CL: u32 = 0x6D; // sar rm32, cl
export const OP_ROL_RM32_IMM8: u32 = 0x6E; // rol rm32, imm8
export const OP_ROL_RM32_CL: u32 = 0x6F; // rol rm32, cl
export const OP_ROR_RM32_IMM8: u32 = 0x70; // ror rm32, imm8
export const OP_ROR_RM32_CL: u32 = 0x71; // ror rm32, cl
export const OP_JMP_REL8: u32 = 0x78; // jmp rel8
export const OP_JMP_REL32: u32 = 0x79; // jmp rel32
export const OP_JMP_RM32: u32 = 0x7A; // jmp rm32
export const OP_CALL_REL32: u32 = 0x7B; // call rel32
export const OP_CALL_RM32: u32 = 0x7C; // call rm32
export const OP_RET: u32 = 0x7D; // ret
export const OP_RET_IMM16: u32 = 0x7E; // ret imm16
export const OP_JO_REL8: u32 = 0x80; // jo rel8
export const OP_JO_REL32: u32 = 0x90; // jo rel32
export const OP_SETO_RM8: u32 = 0xA0; // seto rm8
export const OP_CMOVO_R32_RM32: u32 = 0xB0; // cmovo r32, rm32
export const OP_JNO_REL8: u32 = 0x81; // jno rel8
export const OP_JNO_REL32: u32 = 0x91; // jno rel32
export const OP_SETNO_RM8: u32 = 0xA1; // setno rm8
export const OP_CMOVNO_R32_RM32: u32 = 0xB1; // cmovno r32, rm32
export const OP_JB_REL8: u32 = 0x82; // jb rel8
export const OP_JB_REL32: u32 = 0x92; // jb rel32
export const OP_SETB_RM8: u32 = 0xA2; // setb rm8
export const OP_CMOVB_R32_RM32: u32 = 0xB2; // cmovb r32, rm32
export const OP_JAE_REL8: u32 = 0x83; // jae rel8
export const OP_JAE_REL32: u32 = 0x93; // jae rel32
export const OP_SETAE_RM8: u32 = 0xA3; // setae rm8
export const OP_CMOVAE_R32_RM32: u32 = 0xB3; // cmovae r32, rm32
export const OP_JE_REL8: u32 = 0x84; // je rel8
export const OP_JE_REL32: u32 = 0x94; // je rel32
export const OP_SETE_RM8: u32 = 0xA4; // sete rm8
export const OP_CMOVE_R32_RM32: u32 = 0xB4; // cmove r32, rm32
export const OP_JNE_REL8: u32 = 0x85; // jne rel8
export const OP_JNE_REL32: u32 = 0x95; // jne rel32
export const OP_SETNE_RM8: u32 = 0xA5; // setne rm8
export const OP_CMOVNE_R32_RM32: u32 = 0xB5; // cmovne r32, rm32
export const OP_JBE_REL8: u32 = 0x86; // jbe rel8
export const OP_JBE_REL32: u32 = 0x96; // jbe rel32
export const OP_SETBE_RM8: u32 = 0xA6; // setbe rm8
export const OP_CMOVBE_R32_RM32: u32 = 0xB6; // cmovbe r32, rm32
export const OP_JA_REL8: u32 = 0x87; // ja rel8
export const OP_JA_REL32: u32 = 0x97; // ja rel32
export const OP_SETA_RM8: u32 = 0xA7; // seta rm8
export const OP_CMOVA_R32_RM32: u32 = 0xB7; // cmova r32, rm32
export const OP_JS_REL8: u32 = 0x88; // js rel8
export const OP_JS_REL32: u32 = 0x98; // js rel32
export const OP_SETS_RM8: u32 = 0xA8; // sets rm8
export const OP_CMOVS_R32_RM32: u32 = 0xB8; // cmovs r32, rm32
export const OP_JNS_REL8: u32 = 0x89; // jns rel8
export const OP_JNS_REL32: u32 = 0x99; // jns rel32
export const OP_SETNS_RM8: u32 = 0xA9; // setns rm8
export const OP_CMOVNS_R32_RM32: u32 = 0xB9; // cmovns r32, rm32
export const OP_JL_REL8: u32 = 0x8C; // jl rel8
export const OP_JL_REL32: u32 = 0x9C; // jl rel32
export const OP_SETL_RM8: u32 = 0xAC; // setl rm8
export const OP_CMOVL_R32_RM32: u32 = 0xBC; // cmovl r32, rm32
export const OP_JGE_REL8: u32 = 0x8D; // jge rel8
export const OP_JGE_REL32: u32 = 0x9D; // jge rel32
export const OP_SETGE_RM8: u32 = 0xAD; // setge rm8
export const OP_CMOVGE_R32_RM32: u32 = 0xBD; // cmovge r32, rm32
export const OP_JLE_REL8: u32 = 0x8E; // jle rel8
export const OP_JLE_REL32: u32 = 0x9E; // jle rel32
export const OP_SETLE_RM8: u32 = 0xAE; // setle rm8
export const OP_CMOVLE_R32_RM32: u32 = 0xBE; // cmovle r32, rm32
export const OP_JG_REL8: u32 = 0x8F; // jg rel8
export const OP_JG_REL32: u32 = 0x9F; // jg rel32
export const OP_SETG_RM8: u32 = 0xAF; // setg rm8
export const OP_CMOVG_R32_RM32: u32 = 0xBF; // cmovg r32, rm32
export const OP_MOVSB: u32 = 0xC0; // movsb
export const OP_MOVSD: u32 = 0xC1; // movsd
export const OP_STOSB: u32 = 0xC2; // stosb
export const OP_STOSD: u32 = 0xC3; // stosd
export const OP_REP_MOVSB: u32 = 0xC4; // rep movsb
export const OP_REP_MOVSD: u32 = 0xC5; // rep movsd
export const OP_REP_STOSB: u32 = 0xC6; // rep stosb
export const OP_REP_STOSD: u32 = 0xC7; // rep stosd
export const OP_CLD: u32 = 0xC8; // cld
export const OP_STD: u32 = 0xC9; // std
export const OP_CLC: u32 = 0xCA; // clc
export const OP_STC: u32 = 0xCB; // stc
export const OP_CMC: u32 = 0xCC; // cmc
export const OP_RDTSC: u32 = 0xD0; // rdtsc
export const OP_INT_IMM8: u32 = 0xD1; // int imm8
export const OP_CLI: u32 = 0xE0; // cli
export const OP_STI: u32 = 0xE1; // sti
export const OP_HLT: u32 = 0xE2; // hlt
export const OP_IN_AL_DX: u32 = 0xE3; // in al, dx
export const OP_IN_AX_DX: u32 = 0xE4; // in ax, dx
export const OP_IN_EAX_DX: u32 = 0xE5; // in eax, dx
export const OP_IN_AL_IMM8: u32 = 0xE6; // in al, imm8
export const OP_IN_EAX_IMM8: u32 = 0xE7; // in eax, imm8
export const OP_OUT_DX_AL: u32 = 0xE8; // out dx, al
export const OP_OUT_DX_AX: u32 = 0xE9; // out dx, ax
export const OP_OUT_DX_EAX: u32 = 0xEA; // out dx, eax
export const OP_OUT_IMM8_AL: u32 = 0xEB; // out imm8, al
export const OP_OUT_IMM8_EAX: u32 = 0xEC; // out imm8, eax
export const OP_MOV_CR_R32: u32 = 0xED; // mov cr, r32
export const OP_MOV_R32_CR: u32 = 0xEE; // mov r32, cr
export const OP_INVLPG_M: u32 = 0xEF; // invlpg m
export const OP_LIDT_M: u32 = 0xF0; // lidt m
export const OP_IRET: u32 = 0xF1; // iret

export const OP_JCC_REL8: u32 = 0x80; // jcc family, cc in the low nibble
export const OP_JCC_REL32: u32 = 0x90; // jcc family, cc in the low nibble
export const OP_SETCC_RM8: u32 = 0xA0; // setcc family, cc in the low nibble
export const OP_CMOVCC_R32_RM32: u32 = 0xB0; // cmovcc family, cc in the low nibble

export const OPCODE_INFO: StaticArray<u32> = [
  0x00010303, 0x01010103, 0x02010337, 0x03010357, // 0x00
  0x04010303, 0x05010103, 0x06010337, 0x07010357, // 0x04
  0x08010303, 0x09010103, 0x0A010337, 0x0B010357, // 0x08
  0x0C010303, 0x0D010103, 0x0E010337, 0x0F010357, // 0x0C
  0x10010303, 0x11010103, 0x12010337, 0x13010357, // 0x10
  0x14010303, 0x15010103, 0x16010337, 0x17010357, // 0x14
  0x18010303, 0x19010103, 0x1A010337, 0x1B010357, // 0x18
  0x1C010103, 0x1D010103, 0x1E010137, 0x1F010157, // 0x1C
  0x20010103, 0x21010137, 0x22010117, 0x23010117, // 0x20
  0x24020303, 0x25010005, 0x26010001, 0x27030001, // 0x24
  0x28010001, 0x29020001, 0x2A030001, 0x2B020031, // 0x28
  0x2C020051, 0x2D020107, 0x2E020207, 0x2F010001, // 0x2C
  0x30020801, 0x30020801, 0x30020801, 0x30020801, // 0x30
  0x30020801, 0x30020801, 0x30020801, 0x30020801, // 0x34
  0x38020801, 0x38020801, 0x38020801, 0x38020801, // 0x38
  0x38020801, 0x38020801, 0x38020801, 0x38020801, // 0x3C
  0x40010831, 0x40010831, 0x40010831, 0x40010831, // 0x40
  0x40010831, 0x40010831, 0x40010831, 0x40010831, // 0x44
  0x48010203, 0x49010103, 0x4A010237, 0x4B010203, // 0x48
  0x4C010103, 0x4D010217, 0x4E010203, 0x4F010227, // 0x4C
  0x50010103, 0x51010103, 0x52010103, 0x53010103, // 0x50
  0x54010103, 0x00000000, 0x00000000, 0x00000000, // 0x54
  0x58010307, 0x59010307, 0x5A010307, 0x5B010307, // 0x58
  0x5C040107, 0x5D040107, 0x5E160107, 0x5F160107, // 0x5C
  0x60040103, 0x61040133, 0x62040153, 0x63020103, // 0x60
  0x64020103, 0x65020103, 0x00000000, 0x00000000, // 0x64
  0x68010317, 0x69010307, 0x6A010317, 0x6B010307, // 0x68
  0x6C010317, 0x6D010307, 0x6E010317, 0x6F010307, // 0x6C
  0x70010317, 0x71010307, 0x00000000, 0x00000000, // 0x70
  0x00000000, 0x00000000, 0x00000000, 0x00000000, // 0x74
  0x780200D1, 0x790200F1, 0x7A030107, 0x7B0300F1, // 0x78
  0x7C040107, 0x7D030001, 0x7E030021, 0x00000000, // 0x7C
  0x800110D1, 0x800110D1, 0x800110D1, 0x800110D1, // 0x80
  0x800110D1, 0x800110D1, 0x800110D1, 0x800110D1, // 0x84
  0x800110D1, 0x800110D1, 0x00000000, 0x00000000, // 0x88
  0x800110D1, 0x800110D1, 0x800110D1, 0x800110D1, // 0x8C
  0x900110F1, 0x900110F1, 0x900110F1, 0x900110F1, // 0x90
  0x900110F1, 0x900110F1, 0x900110F1, 0x900110F1, // 0x94
  0x900110F1, 0x900110F1, 0x00000000, 0x00000000, // 0x98
  0x900110F1, 0x900110F1, 0x900110F1, 0x900110F1, // 0x9C
  0xA0011207, 0xA0011207, 0xA0011207, 0xA0011207, // 0xA0
  0xA0011207, 0xA0011207, 0xA0011207, 0xA0011207, // 0xA4
  0xA0011207, 0xA0011207, 0x00000000, 0x00000000, // 0xA8
  0xA0011207, 0xA0011207, 0xA0011207, 0xA0011207, // 0xAC
  0xB0011103, 0xB0011103, 0xB0011103, 0xB0011103, // 0xB0
  0xB0011103, 0xB0011103, 0xB0011103, 0xB0011103, // 0xB4
  0xB0011103, 0xB0011103, 0x00000000, 0x00000000, // 0xB8
  0xB0011103, 0xB0011103, 0xB0011103, 0xB0011103, // 0xBC
  0xC0030001, 0xC1030001, 0xC2020001, 0xC3020001, // 0xC0
  0xC4040001, 0xC5040001, 0xC6040001, 0xC7040001, // 0xC4
  0xC8010001, 0xC9010001, 0xCA010001, 0xCB010001, // 0xC8
  0xCC010001, 0x00000000, 0x00000000, 0x00000000, // 0xCC
  0xD0140001, 0xD1000011, 0x00000000, 0x00000000, // 0xD0
  0x00000000, 0x00000000, 0x00000000, 0x00000000, // 0xD4
  0x00000000, 0x00000000, 0x00000000, 0x00000000, // 0xD8
  0x00000000, 0x00000000, 0x00000000, 0x00000000, // 0xDC
  0xE0020401, 0xE1020401, 0xE2020401, 0xE31E0401, // 0xE0
  0xE41E0401, 0xE51E0401, 0xE61E0411, 0xE71E0411, // 0xE4
  0xE81E0401, 0xE91E0401, 0xEA1E0401, 0xEB1E0411, // 0xE8
  0xEC1E0411, 0xED0A040B, 0xEE02040B, 0xEF0F0409, // 0xEC
  0xF00A0509, 0xF1140401, 0x00000000, 0x00000000, // 0xF0
  0x00000000, 0x00000000, 0x00000000, 0x00000000, // 0xF4
  0x00000000, 0x00000000, 0x00000000, 0x00000000, // 0xF8
  0x00000000, 0x00000000, 0x00000000, 0x00000000, // 0xFC
];
