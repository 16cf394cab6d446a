// Generates the opcode map of docs/isa.md §14 from the opcode table.
//
//   npx tsx tools/isa/gen-docs.ts      rewrites docs/isa.md between the markers
//   generateOpcodeMap(isaText) -> string    the markdown table alone
//   withOpcodeMap(isaText) -> string        isaText with the table replaced
//   formText(op) -> 'add r/m32, r32'         an entry as the assembler writes it
//
// One row per table entry, in opcode order: byte(s) (a +r entry spans eight),
// form, base cycles, r/m access, privileged, and the docs/isa.md section that
// defines it. Section numbers are read from the document's own headings, the
// ones that name their table sections in backquotes, e.g.
// "### 3.3 ALU and flags (`alu`)", so renumbering the document needs no edit
// here. A test fails when docs/isa.md is not what this script would write.

import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { OPCODES, type Opcode, type OperandKind } from './opcodes.ts';

export const ISA_DOC = 'docs/isa.md';
const BEGIN_MARKER = '<!-- BEGIN GENERATED OPCODE MAP -->';
const END_MARKER = '<!-- END GENERATED OPCODE MAP -->';

const OPERAND_TEXT: Partial<Record<OperandKind, string>> = { rm32: 'r/m32', rm16: 'r/m16', rm8: 'r/m8' };

export function formText(op: Opcode): string {
  const operands = op.operands.map((kind) => OPERAND_TEXT[kind] ?? kind);
  return operands.length ? `${op.mnemonic} ${operands.join(', ')}` : op.mnemonic;
}

/** Table section name -> document section number, from headings like "### 3.3 ALU and flags (`alu`)". */
function sectionNumbers(isaText: string): Map<string, string> {
  const numbers = new Map<string, string>();
  for (const heading of isaText.matchAll(/^#{2,3}\s+(\d+(?:\.\d+)*)\s[^\n]*?\(((?:`\w+`(?:,\s*)?)+)\)/gm)) {
    for (const name of heading[2].matchAll(/`(\w+)`/g)) numbers.set(name[1], heading[1]);
  }
  return numbers;
}

function byteText(op: Opcode): string {
  const hex = (byte: number) => '0x' + byte.toString(16).toUpperCase().padStart(2, '0');
  return op.plusReg ? `${hex(op.opcode)}-${hex(op.opcode + 7)}` : hex(op.opcode);
}

export function generateOpcodeMap(isaText: string): string {
  const numbers = sectionNumbers(isaText);
  const rows = [...OPCODES].sort((a, b) => a.opcode - b.opcode).map((op) => {
    const number = numbers.get(op.section);
    const section = number ? `§${number} ${op.section}` : op.section;
    const cells = [`\`${byteText(op)}\``, `\`${formText(op)}\``, String(op.cycles), op.rm === 'none' ? '—' : op.rm,
      op.privileged ? 'yes' : '', section];
    return `| ${cells.join(' | ')} |`;
  });
  return [
    '| byte(s) | form | cycles | r/m | privileged | section |',
    '|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

export function withOpcodeMap(isaText: string): string {
  const begin = isaText.indexOf(BEGIN_MARKER);
  const end = isaText.indexOf(END_MARKER);
  if (begin < 0 || end < begin) throw new Error(`${ISA_DOC}: opcode map markers not found`);
  return isaText.slice(0, begin + BEGIN_MARKER.length) + '\n' + generateOpcodeMap(isaText) + '\n' + isaText.slice(end);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const current = readFileSync(ISA_DOC, 'utf8');
  const updated = withOpcodeMap(current);
  if (updated !== current) writeFileSync(ISA_DOC, updated);
  console.log(`${ISA_DOC}: opcode map ${updated === current ? 'already up to date' : 'regenerated'}`);
}
