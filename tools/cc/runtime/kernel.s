; The kernel target's runtime (docs/abi.md §2, §10.2). The kernel brings its
; own _start (and trap vectors); it calls __wasm_init once its page tables map
; linear memory, then its exported functions.
;
;   __cpu_swtch(save, next)       save = wasm address of a word; next = a saved esp
;   __cpu_trapret(frame)          pop a trap frame (docs/abi.md §10.2.1) and iret
;   __cpu_trapframe_pop           the same with esp at the frame (a jump target, not a call)
;   __cpu_copyin(dst, src, n)     dst wasm, src virtual: 0, or -1 after a fault
;   __cpu_copyout(dst, src, n)    dst virtual, src wasm
;   __cpu_fault_fixup(eip)        where to resume if eip faulted in a copy, else 0

.equ UART_DATA, 0x3F8
.equ DEBUG_EXIT, 0x500

.text

; al = byte, on the UART.
.global __wasm_console_byte
__wasm_console_byte:
    push edx
    mov edx, UART_DATA
    out dx, al
    pop edx
    ret

; A trap in the kernel is fatal: power off with the status.
.global __wasm_exit
__wasm_exit:
    mov edx, DEBUG_EXIT
    out dx, al
    cli
    hlt

; The kernel maps linear memory before growing it.
.global __wasm_grow_hook
__wasm_grow_hook:
    xor eax, eax
    ret

; Saves ebp ebx esi edi and the stack pointer, switches to `next`, restores
; that stack's registers and returns on it. A new stack must hold, from its
; top: edi esi ebx ebp, the address to start at, then two words that the
; closing `ret 8` drops.
.global __cpu_swtch
__cpu_swtch:
    mov eax, [esp+8]
    mov edx, [esp+4]
    push ebp
    push ebx
    push esi
    push edi
    mov [eax+__wasm_memory], esp
    mov esp, edx
    pop edi
    pop esi
    pop ebx
    pop ebp
    ret 8

; Leaves through a trap frame: eax ecx edx ebx ebp esi edi, vector, error code,
; then the CPU's eip cs eflags (and esp when returning to ring 3).
.global __cpu_trapret
__cpu_trapret:
    mov esp, [esp+4]
; The pop of a trap frame at esp, and iret: also the kernel's own trap return.
.global __cpu_trapframe_pop
__cpu_trapframe_pop:
    pop eax
    pop ecx
    pop edx
    pop ebx
    pop ebp
    pop esi
    pop edi
    add esp, 8
    iret

; Both copies: esi = source, edi = destination (one of them in linear memory),
; then one rep movsb, the only instruction __cpu_fault_fixup knows.
.global __cpu_copyin
__cpu_copyin:
    push esi
    push edi
    mov esi, [esp+16]
    mov edi, [esp+20]
    add edi, __wasm_memory
    jmp .Lcopy

.global __cpu_copyout
__cpu_copyout:
    push esi
    push edi
    mov esi, [esp+16]
    mov edi, [esp+20]
    add esi, __wasm_memory
.Lcopy:
    mov ecx, [esp+12]
__cpu_copy_insn:
    rep movsb
    xor eax, eax
.Lcopy_done:
    pop edi
    pop esi
    ret 12

; A copy resumes here after a fault: the stack is as it was at the rep movsb.
__cpu_copy_fixup:
    cld
    mov eax, -1
    jmp .Lcopy_done

.global __cpu_fault_fixup
__cpu_fault_fixup:
    mov eax, [esp+4]
    cmp eax, __cpu_copy_insn
    je .Lfixup
    xor eax, eax
    ret 4
.Lfixup:
    mov eax, __cpu_copy_fixup
    ret 4
