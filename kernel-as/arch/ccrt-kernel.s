; Stand-in for tools/cc/runtime/kernel.s, linked only while tools/cc has no
; kernel runtime (tools/kernel/compile.ts). It provides what common.s and the
; cpu.* intrinsics call (docs/abi.md §7, §10.2), for a kernel whose linear
; memory base is KERNBASE:
;
;   __wasm_console_byte   al -> the UART, polled
;   __wasm_exit           eax -> debug-exit (a wasm trap in the kernel ends the machine)
;   __wasm_grow_hook      the kernel heap may grow up to PHYS_KMEM_END (kernel-as/param.ts)
;   __cpu_swtch(save, next), __cpu_trapret(frame)
;   __cpu_copyin(dst, src, n), __cpu_copyout(dst, src, n), __cpu_fault_fixup(eip)

.equ UART_DATA, 0x3F8
.equ DEBUG_EXIT, 0x500
.equ KMEM_MAX_PAGES, 128           ; PHYS_KMEM_END / 64 KiB

.text
.global __wasm_console_byte
__wasm_console_byte:
    push edx
    mov edx, UART_DATA
    out dx, al
    pop edx
    ret

.global __wasm_exit
__wasm_exit:
    mov edx, DEBUG_EXIT
    out dx, al
    cli
    hlt

; eax = old pages, edx = new pages -> eax = 0 if the memory is there
.global __wasm_grow_hook
__wasm_grow_hook:
    xor eax, eax
    cmp edx, KMEM_MAX_PAGES
    jbe .Lgrow_ok
    inc eax
.Lgrow_ok:
    ret

; swtch(save: wasm, next: esp)
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

; trapret(frame: virtual): pop the trap frame (docs/abi.md §10.2.1) and iret
.global __cpu_trapret
__cpu_trapret:
    mov esp, [esp+4]
    pop eax
    pop ecx
    pop edx
    pop ebx
    pop ebp
    pop esi
    pop edi
    add esp, 8
    iret

; copyin(dst: wasm, src: virtual, n) -> 0, or -1 if it faulted
.global __cpu_copyin
__cpu_copyin:
    push esi
    push edi
    mov edi, [esp+20]
    add edi, __wasm_memory
    mov esi, [esp+16]
    mov ecx, [esp+12]
.Lcopyin_copy:
    rep movsb
    xor eax, eax
    pop edi
    pop esi
    ret 12
.Lcopyin_fault:
    mov eax, -1
    pop edi
    pop esi
    ret 12

; copyout(dst: virtual, src: wasm, n) -> 0, or -1 if it faulted
.global __cpu_copyout
__cpu_copyout:
    push esi
    push edi
    mov edi, [esp+20]
    mov esi, [esp+16]
    add esi, __wasm_memory
    mov ecx, [esp+12]
.Lcopyout_copy:
    rep movsb
    xor eax, eax
    pop edi
    pop esi
    ret 12
.Lcopyout_fault:
    mov eax, -1
    pop edi
    pop esi
    ret 12

; fault_fixup(eip) -> where to resume if eip is a copy above, else 0
.global __cpu_fault_fixup
__cpu_fault_fixup:
    mov ecx, [esp+4]
    mov eax, .Lcopyin_fault
    cmp ecx, .Lcopyin_copy
    je .Lfixup_done
    mov eax, .Lcopyout_fault
    cmp ecx, .Lcopyout_copy
    je .Lfixup_done
    xor eax, eax
.Lfixup_done:
    ret 4
