// Parser: source files -> statements, with .include expanded.
//
//   parseSources(sources, readInclude, diagnostics) -> Statement[]
//
// Each line is `[label:]... [statement] [; comment]`, where the statement is
// `NAME = expr`, a directive (a name starting with '.'), or an instruction
// (`rep` joins the next word: `rep movsb`). A line with an error contributes
// its labels (so one mistake does not cascade into "undefined symbol"
// reports) and a diagnostic; parsing goes on with the next line.
//
// `.include "f"` is textual: the included lines share the including file's
// scope for .L and .local names. The included file is named (in errors and
// for its own includes) by resolving f against the directory of the file
// that includes it; readInclude(f, includer) supplies its text.

import { dirname, join } from 'node:path';
import { Diagnostics, SourceError, type SourceLocation } from './diagnostics.ts';
import { checkSymbolName, parseDirective } from './directives.ts';
import { canonicalMnemonic, matchForms } from './instruction-forms.ts';
import { tokenizeLine, TokenCursor, type Token } from './lexer.ts';
import { parseOperand, parseStandaloneExpression } from './operands.ts';
import type { Statement, StatementBody, StatementOrigin } from './statements.ts';

export interface SourceText { name: string; text: string }
export type IncludeReader = (name: string, from: string) => string;

/** The name an included file goes by: its path relative to the including file's directory. */
export function includedFileName(name: string, from: string): string {
  return join(dirname(from), name);
}

function parseInstruction(cursor: TokenCursor, first: Token): StatementBody {
  let written = first.text;
  if (written.toLowerCase() === 'rep' && cursor.peek()?.kind === 'ident') written += ' ' + cursor.next()!.text;
  const mnemonic = canonicalMnemonic(written);
  if (!mnemonic) throw new SourceError(`unknown mnemonic '${written}'`);
  const operandTokens = cursor.atEnd() ? [] : cursor.splitRemainingAtCommas();
  const operands = operandTokens.map(parseOperand);
  return { kind: 'instruction', mnemonic, operands, forms: matchForms(mnemonic, operands) };
}

/** Parses one line, handing each statement to `emit` as soon as it is complete. */
function parseLine(line: string, emit: (body: StatementBody) => void): { include: string } | undefined {
  const cursor = new TokenCursor(tokenizeLine(line));
  while (cursor.peek()?.kind === 'ident' && cursor.isNext(':', 1)) {
    const name = cursor.next()!.text;
    cursor.next();
    checkSymbolName(name);
    emit({ kind: 'label', name });
  }
  if (cursor.atEnd()) return undefined;

  const first = cursor.next()!;
  if (first.kind !== 'ident') throw new SourceError(`expected a label, directive or instruction but found '${first.text}'`);
  if (cursor.accept('=')) {
    checkSymbolName(first.text);
    const rest: Token[] = [];
    while (!cursor.atEnd()) rest.push(cursor.next()!);
    emit({ kind: 'constant', name: first.text, value: parseStandaloneExpression(rest) });
    return undefined;
  }
  if (first.text.startsWith('.')) {
    const rest: Token[] = [];
    while (!cursor.atEnd()) rest.push(cursor.next()!);
    const result = parseDirective(first.text, rest);
    if (result.kind === 'include') return { include: result.file };
    emit(result);
    return undefined;
  }
  emit(parseInstruction(cursor, first));
  return undefined;
}

export function parseSources(sources: SourceText[], readInclude: IncludeReader, diagnostics: Diagnostics): Statement[] {
  const statements: Statement[] = [];
  let order = 0;

  const parseFile = (name: string, text: string, scope: number, including: string[]): void => {
    text.split(/\r?\n/).forEach((line, i) => {
      const location: SourceLocation = { file: name, line: i + 1, scope };
      const origin: StatementOrigin = { location, order: order++, text: line.trim() };
      try {
        const request = parseLine(line, (body) => statements.push({ ...origin, ...body } as Statement));
        if (!request) return;
        const file = includedFileName(request.include, name);
        if (including.includes(file) || file === name) throw new SourceError(`circular .include of '${request.include}'`);
        let includedText: string;
        try {
          includedText = readInclude(request.include, name);
        } catch (error) {
          const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
          throw new SourceError(`cannot read '${request.include}': ${reason}`);
        }
        parseFile(file, includedText, scope, [...including, name]);
      } catch (error) {
        if (!(error instanceof SourceError)) throw error;
        diagnostics.report(error.message, location, origin.order);
      }
    });
  };

  sources.forEach((source, scope) => parseFile(source.name, source.text, scope, []));
  return statements;
}
