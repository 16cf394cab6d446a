; The kernel's first instructions (docs/kernel.md §3). The boot ROM jumps to
; _start at its physical address with paging off; everything here is linked at
; KERNBASE + physical, so until paging is on, addresses are written as
; `symbol - KERNBASE`.
;
;   _start: entry page tables for [0, 16 MiB) at 0 and at KERNBASE, paging on,
;   the boot stack, __wasm_init, then kmain(bootinfo, functions, vectors) with
;   the wasm (= physical) addresses of the boot-info block, the compiler's
;   __wasm_functions table and the trap vector table.

.equ KERNBASE, 0xC0000000
.equ ENTRY_TABLES, 4               ; 4 page tables map 16 MiB
.equ PTE_PW, 3                     ; present, writable
.equ CR0_PG_WP, 0x80010000
.equ BOOT_STACK_BYTES, 16384

.bss
.align 4096
entry_pgdir: .space 4096
entry_pgtables: .space 4096 * ENTRY_TABLES
boot_stack: .space BOOT_STACK_BYTES
boot_stack_top:

.text
.global _start
_start:
    cld
    mov esi, ebx                   ; the boot-info block (physical)
    mov edi, entry_pgtables - KERNBASE
    mov eax, PTE_PW
    mov ecx, 1024 * ENTRY_TABLES
.Lfill_tables:
    mov [edi], eax
    add eax, 4096
    add edi, 4
    dec ecx
    jnz .Lfill_tables
    mov edi, entry_pgdir - KERNBASE
    mov eax, entry_pgtables - KERNBASE + PTE_PW
    xor ecx, ecx
.Lfill_dir:
    mov [edi+ecx*4], eax           ; identity, for the next few instructions
    mov [edi+ecx*4+3072], eax      ; KERNBASE >> 22 = 768
    add eax, 4096
    inc ecx
    cmp ecx, ENTRY_TABLES
    jne .Lfill_dir
    mov eax, entry_pgdir - KERNBASE
    mov cr3, eax
    mov eax, CR0_PG_WP
    mov cr0, eax
    mov eax, .Lhigh
    jmp eax
.Lhigh:
    mov esp, boot_stack_top
    xor eax, eax
    mov [entry_pgdir], eax         ; drop the identity mapping
    mov [entry_pgdir+4], eax
    mov [entry_pgdir+8], eax
    mov [entry_pgdir+12], eax
    mov eax, cr3
    mov cr3, eax
    call __wasm_init
    push esi
    push __wasm_functions - KERNBASE
    push vectors - KERNBASE
    call kmain
.Lstop:
    cli
    hlt
    jmp .Lstop
