// A tx86 program that keeps the core busy with most of what it can do: it
// builds page tables, turns paging on, drops to CPL 3, copies memory with
// rep movsd into a page the #PF handler maps on demand, takes 40 system calls
// (int 0x80, DPL 3 gate), reads the cycle counter and exits through int 0x81
// to a hlt with IF clear (Dead). Used by the invariance and differential tests.

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
