// The machine's port map (docs/isa.md §10) and the device defaults of
// docs/devices.md, in one place. The machine's options may override latencies;
// the values in force are part of a run's inputs.
//
//   ports            device                     IRQ
//   0x020-0x02F      pic (interrupt controller)  -
//   0x040-0x05F      timer                       0
//   0x170-0x18F      boot disk ("diskette")      6
//   0x1F0-0x20F      fixed disk                  14
//   0x3F8-0x3FF      uart console                4
//   0x500-0x503      debug exit                  -
//   0x510-0x51F      trace control               -
//   0x520-0x52F      board information           -
//   0xC000-0xC03F    network adapter             11

export const PIC_BASE = 0x020;

export const TIMER_BASE = 0x040;
export const TIMER_IRQ = 0;

export const BOOT_DISK_BASE = 0x170;
export const BOOT_DISK_IRQ = 6;
export const BOOT_DISK_SEEK = 70_000_000;       // cycles when the track changes
export const BOOT_DISK_PER_SECTOR = 1_400_000;  // cycles per 512-byte sector

export const DISK_BASE = 0x1F0;
export const DISK_IRQ = 14;
export const DISK_SEEK = 3_500_000;             // 5 ms at 700 MHz
export const DISK_PER_SECTOR = 7_000;           // about 51 MB/s at 700 MHz

export const UART_BASE = 0x3F8;
export const UART_IRQ = 4;
export const INPUT_INTERVAL = 10_000;           // cycles between scripted input bytes

export const DEBUG_EXIT_BASE = 0x500;
export const TRACE_CONTROL_BASE = 0x510;
export const BOARD_BASE = 0x520;

export const NIC_BASE = 0xC000;
export const NIC_IRQ = 11;
export const NIC_TX_FIXED = 2_000;              // cycles per frame
export const NIC_TX_PER_BYTE = 56;              // cycles per byte: about 100 Mbit/s at 700 MHz
export const NIC_LOOPBACK_DELAY = 7_000;        // 10 us at 700 MHz
export const NIC_MAC = [0x52, 0x54, 0x00, 0x12, 0x34, 0x56];
