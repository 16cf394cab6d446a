; Runtime support for linear memory (docs/abi.md §7): the standard convention
; (arguments pushed first to last, callee pops, result in eax).
;   __wasm_memory_grow(delta) -> old pages or -1 (new pages zeroed)
;   __wasm_memory_copy(dest, src, n)    memmove, bounds checked first
;   __wasm_memory_fill(dest, value, n)
;   __wasm_memory_init(segment, dest, src, n)    __wasm_data_drop(segment)
; Out-of-bounds ranges trap at the caller (common.s's __wasm_trap_at).
; The program provides __wasm_memory, __wasm_memory_pages, __wasm_memory_max_pages,
; __wasm_segments and __wasm_bounds_update (tools/cc/bounds.ts); the target file
; provides __wasm_grow_hook.

.text

; __wasm_memory_grow(delta) -> old size in pages, or -1
.global __wasm_memory_grow
__wasm_memory_grow:
    push edi
    mov eax, [__wasm_memory_pages]
    mov edx, eax
    add edx, [esp+8]
    jc .Lgrow_fail
    cmp edx, [__wasm_memory_max_pages]
    ja .Lgrow_fail
    push eax
    push edx
    call __wasm_grow_hook
    pop edx
    test eax, eax
    pop eax
    jnz .Lgrow_fail
    ; zero the new pages: [memory + old*64K, memory + new*64K)
    mov [__wasm_memory_pages], edx
    call __wasm_bounds_update
    mov edi, eax
    shl edi, 16
    add edi, __wasm_memory
    mov ecx, edx
    sub ecx, eax
    shl ecx, 14
    push eax
    xor eax, eax
    rep stosd
    pop eax
    pop edi
    ret 4
.Lgrow_fail:
    mov eax, -1
    pop edi
    ret 4

; Checks [eax, eax + ecx) against the memory size; traps at the caller
; (return address in edx) if it is out of bounds. Keeps eax, ecx.
.Lcheck_bounds:
    push eax
    add eax, ecx
    jc .Lout_of_bounds
    push ecx
    mov ecx, [__wasm_memory_pages]
    shl ecx, 16
    cmp eax, ecx
    pop ecx
    ja .Lout_of_bounds
    pop eax
    ret
.Lout_of_bounds:
    mov esi, edx
    mov ebx, __wasm_kind_bounds
    jmp __wasm_trap_at

; __wasm_memory_copy(dest, src, n): memmove within linear memory
.global __wasm_memory_copy
__wasm_memory_copy:
    push esi
    push edi
    mov ecx, [esp+12]
    mov edx, [esp+8]
    mov eax, [esp+16]
    call .Lcheck_bounds
    mov esi, eax
    mov eax, [esp+20]
    call .Lcheck_bounds
    mov edi, eax
    add esi, __wasm_memory
    add edi, __wasm_memory
    cmp edi, esi
    jbe .Lcopy_forward
    lea eax, [esi+ecx]
    cmp edi, eax
    jae .Lcopy_forward
    ; dest overlaps the end of src: copy backward
    lea esi, [esi+ecx-1]
    lea edi, [edi+ecx-1]
    std
    rep movsb
    cld
    jmp .Lcopy_done
.Lcopy_forward:
    mov eax, ecx
    shr ecx, 2
    rep movsd
    mov ecx, eax
    and ecx, 3
    rep movsb
.Lcopy_done:
    pop edi
    pop esi
    ret 12

; __wasm_memory_fill(dest, value, n)
.global __wasm_memory_fill
__wasm_memory_fill:
    push esi
    push edi
    mov ecx, [esp+12]
    mov edx, [esp+8]
    mov eax, [esp+20]
    call .Lcheck_bounds
    lea edi, [eax+__wasm_memory]
    movzx eax, byte [esp+16]
    imul eax, eax, 0x01010101
    mov edx, ecx
    shr ecx, 2
    rep stosd
    mov ecx, edx
    and ecx, 3
    rep stosb
    pop edi
    pop esi
    ret 12

; __wasm_memory_init(segment, dest, src, n): copy from a passive data segment
.global __wasm_memory_init
__wasm_memory_init:
    push esi
    push edi
    mov ecx, [esp+12]
    mov edx, [esp+8]
    mov esi, [esp+24]
    mov eax, [esp+16]
    add eax, ecx
    jc .Linit_bounds
    cmp eax, [__wasm_segments+8+esi*8]
    ja .Linit_bounds
    mov esi, [__wasm_segments+4+esi*8]
    add esi, [esp+16]
    mov eax, [esp+20]
    call .Lcheck_bounds
    lea edi, [eax+__wasm_memory]
    rep movsb
    pop edi
    pop esi
    ret 16
.Linit_bounds:
    mov esi, edx
    mov ebx, __wasm_kind_bounds
    jmp __wasm_trap_at

; __wasm_data_drop(segment)
.global __wasm_data_drop
__wasm_data_drop:
    mov eax, [esp+4]
    mov dword [__wasm_segments+8+eax*8], 0
    ret 4
