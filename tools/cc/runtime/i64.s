; Runtime support for 64-bit arithmetic (docs/abi.md §7). After binaryen's
; i64-to-i32 lowering an i64 is two words, low first; these take
; (a_lo, a_hi, b_lo, b_hi) with the standard convention and return the low word
; in eax, the high word in __wasm_i64_high:
;   __wasm_i64_mul, __wasm_i64_sdiv/udiv/srem/urem (divisions trap like i32's)
;   __wasm_ctz_i64(lo, hi), __wasm_popcnt_i64(lo, hi), __wasm_rotl_i64, __wasm_rotr_i64
; tools/cc/intrinsics.ts compiles the multiply and unsigned division by a
; 32-bit constant inline; everything else calls here.

.text

.global __wasm_i64_mul
__wasm_i64_mul:
    mov eax, [esp+16]
    mul dword [esp+8]              ; edx:eax = a_lo * b_lo
    mov ecx, eax
    mov eax, [esp+16]
    imul eax, [esp+4]              ; a_lo * b_hi
    add edx, eax
    mov eax, [esp+12]
    imul eax, [esp+8]              ; a_hi * b_lo
    add edx, eax
    mov [__wasm_i64_high], edx
    mov eax, ecx
    ret 16

; binaryen's i64 intrinsics (value lo, hi[, count lo, hi]), on both halves at once.
.global __wasm_ctz_i64
__wasm_ctz_i64:
    mov dword [__wasm_i64_high], 0
    bsf eax, [esp+8]
    jnz .Lctz_done
    mov eax, 32
    bsf eax, [esp+4]
    add eax, 32
.Lctz_done:
    ret 8

.global __wasm_popcnt_i64
__wasm_popcnt_i64:
    popcnt eax, [esp+8]
    popcnt ecx, [esp+4]
    add eax, ecx
    mov dword [__wasm_i64_high], 0
    ret 8

.global __wasm_rotr_i64
__wasm_rotr_i64:
    push ebx
    mov ecx, [esp+12]
    neg ecx                        ; rotate right by n = left by 64 - n
    jmp .Lrotate
.global __wasm_rotl_i64
__wasm_rotl_i64:
    push ebx
    mov ecx, [esp+12]
.Lrotate:
    mov eax, [esp+20]
    mov edx, [esp+16]
    test ecx, 32
    jz .Lrotate_half
    xchg eax, edx
.Lrotate_half:
    and ecx, 31
    jz .Lrotate_done
    mov ebx, edx
    shl edx, cl                    ; hi << n
    push eax
    shl eax, cl                    ; lo << n
    neg ecx
    shr ebx, cl                    ; hi >> (32 - n)
    or eax, ebx
    pop ebx
    shr ebx, cl                    ; lo >> (32 - n)
    or edx, ebx
.Lrotate_done:
    mov [__wasm_i64_high], edx
    pop ebx
    ret 16

; Unsigned 64-bit division: edx:eax / ebx:ecx -> quotient edx:eax, remainder ebx:ecx.
; The divisor is not zero. Clobbers esi, edi, ebp.
__wasm_udivmod64:
    test ebx, ebx
    jnz .Ludiv_wide
    mov esi, eax                   ; divisor < 2^32: two 64/32 divisions
    mov eax, edx
    xor edx, edx
    div ecx
    mov edi, eax
    mov eax, esi
    div ecx
    mov ecx, edx
    xor ebx, ebx
    mov edx, edi
    ret
.Ludiv_wide:
    ; divisor >= 2^32, so the quotient fits in 32 bits. Hacker's Delight's
    ; divdu: divide by the divisor's top 32 bits, normalised, to get q0 or q0 + 1.
    mov esi, eax                   ; N_lo
    mov edi, edx                   ; N_hi
    bsr ebp, ebx
    xor ebp, 31                    ; n = leading zeros of the divisor's high word
    push ecx                       ; [esp] = D_lo
    mov eax, ebx
    mov edx, ecx
    mov ecx, ebp
    shl eax, cl                    ; D_hi << n
    neg ecx
    shr edx, cl                    ; D_lo >> (32 - n)
    test ebp, ebp
    jz .Ludiv_normalised
    or eax, edx
.Ludiv_normalised:
    push eax                       ; [esp] = v1, the top word of D << n; [esp+4] = D_lo
    mov eax, esi                   ; edx:eax = N >> 1 (so the quotient fits)
    shr eax, 1
    mov ecx, edi
    shl ecx, 31
    or eax, ecx
    mov edx, edi
    shr edx, 1
    div dword [esp]                ; q1
    mov ecx, 31
    sub ecx, ebp
    shr eax, cl                    ; q0 = q1 >> (31 - n), the quotient or one more
    test eax, eax
    jz .Ludiv_estimate
    dec eax                        ; now the quotient or one less
.Ludiv_estimate:
    mov ebp, eax
    mul dword [esp+4]              ; edx:eax = q0 * D_lo
    mov ecx, ebp
    imul ecx, ebx
    add edx, ecx                   ; + (q0 * D_hi) << 32
    mov ecx, esi
    sub ecx, eax
    mov eax, edi
    sbb eax, edx                   ; eax:ecx = N - q0 * D
    mov edx, [esp+4]
    add esp, 8
    cmp eax, ebx                   ; remainder >= D: one more
    jb .Ludiv_done
    ja .Ludiv_fix
    cmp ecx, edx
    jb .Ludiv_done
.Ludiv_fix:
    sub ecx, edx
    sbb eax, ebx
    inc ebp
.Ludiv_done:
    mov ebx, eax
    mov eax, ebp
    xor edx, edx
    ret

; Loads the arguments for a division after 4 pushes: edx:eax = a, ebx:ecx = b.
; Traps at the caller when b = 0. [esp] on entry is this helper's return address.
.Ldivision_arguments:
    mov eax, [esp+36]
    mov edx, [esp+32]
    mov ecx, [esp+28]
    mov ebx, [esp+24]
    test ecx, ecx
    jnz .Ldivision_ok
    test ebx, ebx
    jnz .Ldivision_ok
    mov esi, [esp+20]
    mov ebx, __wasm_kind_div0
    jmp __wasm_trap_at
.Ldivision_ok:
    ret

.global __wasm_i64_udiv
__wasm_i64_udiv:
    push ebx
    push esi
    push edi
    push ebp
    call .Ldivision_arguments
    call __wasm_udivmod64
    jmp .Ldivision_return

.global __wasm_i64_urem
__wasm_i64_urem:
    push ebx
    push esi
    push edi
    push ebp
    call .Ldivision_arguments
    call __wasm_udivmod64
    mov eax, ecx
    mov edx, ebx
    jmp .Ldivision_return

.global __wasm_i64_sdiv
__wasm_i64_sdiv:
    push ebx
    push esi
    push edi
    push ebp
    call .Ldivision_arguments
    ; INT64_MIN / -1 does not fit
    cmp edx, 0x80000000
    jne .Lsdiv_ok
    test eax, eax
    jne .Lsdiv_ok
    cmp ebx, -1
    jne .Lsdiv_ok
    cmp ecx, -1
    jne .Lsdiv_ok
    mov esi, [esp+16]
    mov ebx, __wasm_kind_overflow
    jmp __wasm_trap_at
.Lsdiv_ok:
    mov ebp, edx
    xor ebp, ebx                   ; sign of the quotient
    push ebp
    call .Lmagnitudes
    call __wasm_udivmod64
    pop ebp
    test ebp, ebp
    jns .Ldivision_return
    neg eax
    adc edx, 0
    neg edx
    jmp .Ldivision_return

.global __wasm_i64_srem
__wasm_i64_srem:
    push ebx
    push esi
    push edi
    push ebp
    call .Ldivision_arguments
    push edx                       ; the remainder takes the dividend's sign
    call .Lmagnitudes
    call __wasm_udivmod64
    mov eax, ecx
    mov edx, ebx
    pop ebp
    test ebp, ebp
    jns .Ldivision_return
    neg eax
    adc edx, 0
    neg edx
    jmp .Ldivision_return

; edx:eax = |edx:eax|, ebx:ecx = |ebx:ecx|
.Lmagnitudes:
    test edx, edx
    jns .Lmagnitude_b
    neg eax
    adc edx, 0
    neg edx
.Lmagnitude_b:
    test ebx, ebx
    jns .Lmagnitude_done
    neg ecx
    adc ebx, 0
    neg ebx
.Lmagnitude_done:
    ret

.Ldivision_return:
    mov [__wasm_i64_high], edx
    pop ebp
    pop edi
    pop esi
    pop ebx
    ret 16
