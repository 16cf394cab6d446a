// A tiny classic-pcap reader, to check what the pcap writer produced.

export interface PcapFile {
  nanoseconds: boolean;
  version: [number, number];
  snaplen: number;
  linkType: number;
  records: { seconds: number; fraction: number; originalLength: number; data: Uint8Array }[];
}

export function readPcap(bytes: Uint8Array): PcapFile {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, true);
  if (magic !== 0xa1b2c3d4 && magic !== 0xa1b23c4d) throw new Error(`not a little-endian pcap: magic ${magic.toString(16)}`);
  const file: PcapFile = {
    nanoseconds: magic === 0xa1b23c4d,
    version: [view.getUint16(4, true), view.getUint16(6, true)],
    snaplen: view.getUint32(16, true),
    linkType: view.getUint32(20, true),
    records: [],
  };
  let at = 24;
  while (at < bytes.length) {
    if (at + 16 > bytes.length) throw new Error('truncated record header');
    const captured = view.getUint32(at + 8, true);
    if (at + 16 + captured > bytes.length) throw new Error('truncated record');
    file.records.push({
      seconds: view.getUint32(at, true),
      fraction: view.getUint32(at + 4, true),
      originalLength: view.getUint32(at + 12, true),
      data: Uint8Array.from(bytes.subarray(at + 16, at + 16 + captured)),
    });
    at += 16 + captured;
  }
  return file;
}
