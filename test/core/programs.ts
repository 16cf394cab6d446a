// tx86 programs that keep the core busy, for the invariance, event, snapshot
// and differential tests. Both end in a hlt with IF clear (Dead).
//
//   BUSY_PROGRAM   builds page tables, turns paging on, drops to CPL 3, copies
//                  memory with rep movsd into a page the #PF handler maps on
//                  demand, takes 40 system calls (int 0x80, DPL 3 gate), reads the
//                  cycle counter, and exits through int 0x81
//   LOOP_PROGRAM   tight loops, each one decoded block that jumps back to its own
//                  start: with paging on, one that walks more pages than the TLB
//                  holds (a miss in the middle of the block), one that rewrites
//                  its own immediate every round, and a plain counting loop

/** Pages the first 4 MiB (user, writable), except page 0x300000 which the #PF handler maps on demand. */
export const BUSY_PROGRAM = `
  .equ PD, 0x200000
  .equ PT, 0x201000
  .equ LAZY, 0x300000
  .global _start
  _start:
    mov edi, PT
    mov eax, 7
    mov ecx, 1024
  fill:
    mov [edi], eax
    add eax, 0x1000
    add edi, 4
    dec ecx
    jnz fill
    mov dword [PT + (LAZY >> 12) * 4], 0
    mov dword [PD], PT | 7
    mov eax, PD
    mov cr3, eax
    mov eax, 0x80000000
    mov cr0, eax
    lidt [idtr]
    mov eax, 0x180000
    mov ksp, eax
    push 0x1F0000
    push 0x2
    push 0x1B
    push user
    iret
  user:
    mov ebp, 40
  round:
    mov esi, src
    mov edi, LAZY + 0x800
    mov ecx, 64
    cld
    rep movsd
    mov ebx, [LAZY + 0x804]
    add [counter], ebx
    int 0x80
    rdtsc
    xor [counter], eax
    dec ebp
    jnz round
    int 0x81
  syscall:
    inc dword [calls]
    iret
  page_fault:
    push eax
    mov eax, cr2
    shr eax, 12
    mov dword [PT + eax * 4], LAZY | 7
    invlpg [LAZY]
    pop eax
    add esp, 4
    iret
  exit:
    hlt
  .data
  .global counter
  counter: .long 0
  calls: .long 0
  idtr: .word 0x82 * 8 - 1
        .long idt
  .align 8
  idt:  .space 14 * 8
        .long page_fault, 1
        .space (0x80 - 15) * 8
        .long syscall, 0xD
        .long exit, 0xD
  src:  .space 256, 0x5A
`;

export const LOOP_PROGRAM = `
  .equ PD, 0x200000
  .equ PT, 0x201000
  .global _start
  _start:
    mov edi, PT
    mov eax, 3
    mov ecx, 2048
  fill:
    mov [edi], eax
    add eax, 0x1000
    add edi, 4
    dec ecx
    jnz fill
    mov dword [PD], PT | 3
    mov dword [PD + 4], (PT + 0x1000) | 3
    mov eax, PD
    mov cr3, eax
    mov eax, 0x80010000
    mov cr0, eax
    mov esi, 0x400000
    mov ecx, 300
  touch:
    add eax, [esi]
    mov [esi + 8], eax
    add esi, 0x1004
    dec ecx
    jnz touch
    mov ecx, 50
  patch:
    mov ebx, 0
    add edx, ebx
    inc dword [patch + 1]
    dec ecx
    jnz patch
    mov ecx, 10000
  count:
    add eax, ecx
    rol eax, 3
    dec ecx
    jnz count
    hlt
`;
