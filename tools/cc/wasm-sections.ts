// Just enough of the wasm binary format to name functions and find their code.
//
//   const info = readWasmFunctions(bytes);
//   info.names.get(3)        'div/main'   (function index space: imports first)
//   info.codeOffsets[0]      byte offset of the first defined function's body
//   info.importedFunctions   how many function imports precede the defined ones
//   info.codeBytes           the code section's size (the functions' bodies)
//
// The native runner maps V8's "wasm-function[3]" stack frames to names with it;
// the listing prints each function's code offset.

export interface WasmFunctionInfo {
  names: Map<number, string>;
  importedFunctions: number;
  codeOffsets: number[];
  codeBytes: number;
}

export function readWasmFunctions(bytes: Uint8Array): WasmFunctionInfo {
  const info: WasmFunctionInfo = { names: new Map(), importedFunctions: 0, codeOffsets: [], codeBytes: 0 };
  let pos = 8; // magic and version
  const u32 = (): number => {
    let result = 0, shift = 0, byte: number;
    do {
      byte = bytes[pos++];
      result |= (byte & 0x7f) << shift;
      shift += 7;
    } while (byte & 0x80);
    return result >>> 0;
  };
  const name = (): string => {
    const n = u32();
    const s = new TextDecoder().decode(bytes.subarray(pos, pos + n));
    pos += n;
    return s;
  };
  while (pos < bytes.length) {
    const id = bytes[pos++];
    const size = u32();
    const end = pos + size;
    if (id === 2) {
      // imports: module, name, kind, description
      for (let count = u32(); count > 0; count--) {
        name();
        name();
        const kind = bytes[pos++];
        if (kind === 0) { u32(); info.importedFunctions++; }
        else if (kind === 1) { pos++; const flags = u32(); u32(); if (flags & 1) u32(); }
        else if (kind === 2) { const flags = u32(); u32(); if (flags & 1) u32(); }
        else if (kind === 3) { pos += 2; }
        else break;
      }
    } else if (id === 10) {
      info.codeBytes = size;
      for (let count = u32(); count > 0; count--) {
        const bodySize = u32();
        info.codeOffsets.push(pos);
        pos += bodySize;
      }
    } else if (id === 0 && name() === 'name') {
      while (pos < end) {
        const sub = bytes[pos++];
        const subSize = u32();
        const subEnd = pos + subSize;
        if (sub === 1) {
          for (let count = u32(); count > 0; count--) {
            const index = u32();
            info.names.set(index, name());
          }
        }
        pos = subEnd;
      }
    }
    pos = end;
  }
  return info;
}
