// Symbolizer: names addresses by the function or object symbol that holds them.
//
//   const names = new Symbolizer(program.symbols);
//   names.lookup(0x100024)  -> { name: 'loop', offset: 4 }   (or null)
//   names.format(0x100024)  -> 'loop+0x4'
//   names.format(0x100020)  -> 'loop'
//   names.format(0x7000)    -> '0x7000'                      (no symbol holds it)
//
// A symbol holds [value, value + size); a symbol of size 0 holds just its own
// address. Only 'func' and 'object' symbols are used. When several symbols
// hold an address, the one starting nearest below it wins; among symbols
// starting at the same address, a function beats an object, a global beats a
// local, then the alphabetically first name.
// Lookups are a binary search plus a short walk back over symbols that
// start earlier but may still reach the address (nested symbols).

export interface SymbolizerSymbol {
  name: string;
  value: number;
  size: number;
  type: string;
  binding?: string;
}

interface Range { name: string; start: number; end: number }

function preference(symbol: SymbolizerSymbol): number {
  return (symbol.type === 'func' ? 2 : 0) + (symbol.binding === 'local' ? 0 : 1);
}

export class Symbolizer {
  /** Sorted by start; among equal starts the preferred symbol comes last. */
  private ranges: Range[];
  /** furthestEnd[i] = the largest end among ranges[0..i]: bounds the walk back. */
  private furthestEnd: number[];

  constructor(symbols: readonly SymbolizerSymbol[]) {
    const usable = symbols.filter((symbol) => symbol.type === 'func' || symbol.type === 'object');
    usable.sort((a, b) => a.value - b.value || preference(a) - preference(b) || (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
    this.ranges = usable.map((symbol) => ({ name: symbol.name, start: symbol.value, end: symbol.value + Math.max(symbol.size, 1) }));
    let furthest = -Infinity;
    this.furthestEnd = this.ranges.map((range) => (furthest = Math.max(furthest, range.end)));
  }

  lookup(address: number): { name: string; offset: number } | null {
    // Last range starting at or below the address.
    let low = 0;
    let high = this.ranges.length - 1;
    let candidate = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (this.ranges[middle].start <= address) {
        candidate = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    for (let i = candidate; i >= 0 && this.furthestEnd[i] > address; i--) {
      const range = this.ranges[i];
      if (address < range.end) return { name: range.name, offset: address - range.start };
    }
    return null;
  }

  format(address: number): string {
    const found = this.lookup(address);
    if (!found) return '0x' + address.toString(16);
    return found.offset === 0 ? found.name : `${found.name}+0x${found.offset.toString(16)}`;
  }
}
