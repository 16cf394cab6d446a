// Expressions: parsing to a tree and evaluating it (docs/isa.md §12).
//
//   parseExpression(cursor) -> Expr     stops at the first token that cannot continue it
//   evaluate(expr, scope) -> bigint | undefined
//   symbolsIn(expr) -> string[]         every name the expression mentions
//
// Operators, loosest first: |  ^  &  << >>  + -  * / %  then unary - ~ +.
// Operands: numbers, symbols, '.' (the address of the current statement) and
// parentheses. Evaluation is on unbounded integers (bigint), so `~0` is -1 and
// `0xFFFFFFFF` stays positive; the place a value is used checks its range.
// evaluate() returns undefined while a symbol has no value yet (a forward
// reference during layout); dividing by zero or shifting by a count outside
// 0-63 throws SourceError.
//
// Example: `(DISK_VECTOR + 1) * 8 - 1` with DISK_VECTOR = 38 evaluates to 311n.

import { SourceError } from './diagnostics.ts';
import type { TokenCursor } from './lexer.ts';

export type BinaryOperator = '|' | '^' | '&' | '<<' | '>>' | '+' | '-' | '*' | '/' | '%';
export type UnaryOperator = '-' | '~' | '+';

export type Expr =
  | { kind: 'number'; value: bigint }
  | { kind: 'symbol'; name: string }
  | { kind: 'here' }
  | { kind: 'unary'; operator: UnaryOperator; operand: Expr }
  | { kind: 'binary'; operator: BinaryOperator; left: Expr; right: Expr };

/** Binary operators grouped by precedence, loosest first. */
const PRECEDENCE: BinaryOperator[][] = [['|'], ['^'], ['&'], ['<<', '>>'], ['+', '-'], ['*', '/', '%']];

export function parseExpression(cursor: TokenCursor): Expr {
  return parseLevel(cursor, 0);
}

function parseLevel(cursor: TokenCursor, level: number): Expr {
  if (level === PRECEDENCE.length) return parseUnary(cursor);
  let left = parseLevel(cursor, level + 1);
  for (;;) {
    const operator = PRECEDENCE[level].find((op) => cursor.peek()?.kind === 'punct' && cursor.isNext(op));
    if (!operator) return left;
    cursor.next();
    left = { kind: 'binary', operator, left, right: parseLevel(cursor, level + 1) };
  }
}

function parseUnary(cursor: TokenCursor): Expr {
  for (const operator of ['-', '~', '+'] as const) {
    if (cursor.peek()?.kind === 'punct' && cursor.accept(operator)) {
      return { kind: 'unary', operator, operand: parseUnary(cursor) };
    }
  }
  return parsePrimary(cursor);
}

function parsePrimary(cursor: TokenCursor): Expr {
  const token = cursor.peek();
  if (token?.kind === 'number') {
    cursor.next();
    return { kind: 'number', value: token.value };
  }
  if (token?.kind === 'ident' && !token.text.startsWith('@')) {
    cursor.next();
    return token.text === '.' ? { kind: 'here' } : { kind: 'symbol', name: token.text };
  }
  if (token?.kind === 'punct' && token.text === '(') {
    cursor.next();
    const inner = parseExpression(cursor);
    cursor.expect(')');
    return inner;
  }
  throw new SourceError(`expected an expression ${cursor.describeNext()}`);
}

export interface EvaluationScope {
  /** Address of the statement being assembled: the value of '.'. */
  here: bigint;
  /** A symbol's value, or undefined when it has none yet. */
  valueOf(name: string): bigint | undefined;
}

export function evaluate(expr: Expr, scope: EvaluationScope): bigint | undefined {
  switch (expr.kind) {
    case 'number': return expr.value;
    case 'here': return scope.here;
    case 'symbol': return scope.valueOf(expr.name);
    case 'unary': {
      const operand = evaluate(expr.operand, scope);
      if (operand === undefined) return undefined;
      return expr.operator === '-' ? -operand : expr.operator === '~' ? ~operand : operand;
    }
    case 'binary': {
      const left = evaluate(expr.left, scope);
      const right = evaluate(expr.right, scope);
      if (left === undefined || right === undefined) return undefined;
      return applyBinary(expr.operator, left, right);
    }
  }
}

function applyBinary(operator: BinaryOperator, left: bigint, right: bigint): bigint {
  switch (operator) {
    case '|': return left | right;
    case '^': return left ^ right;
    case '&': return left & right;
    case '+': return left + right;
    case '-': return left - right;
    case '*': return left * right;
    case '<<':
    case '>>':
      if (right < 0n || right > 63n) throw new SourceError(`shift count ${right} is out of range (0-63)`);
      return operator === '<<' ? left << right : left >> right;
    case '/':
    case '%':
      if (right === 0n) throw new SourceError('division by zero');
      return operator === '/' ? left / right : left % right;
  }
}

export function symbolsIn(expr: Expr): string[] {
  switch (expr.kind) {
    case 'symbol': return [expr.name];
    case 'unary': return symbolsIn(expr.operand);
    case 'binary': return [...symbolsIn(expr.left), ...symbolsIn(expr.right)];
    default: return [];
  }
}
