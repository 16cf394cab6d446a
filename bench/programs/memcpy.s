; memcpy: copy a 64 KiB buffer to another one dword by dword, PASSES times.
; Six instructions per dword; a load and a store each.
.equ PASSES, 400
.equ DWORDS, 16384
.equ SRC, 0x00200000
.equ DST, 0x00300000
.equ DEBUG_EXIT, 0x500

.text
.global _start
_start:
        mov ebp, PASSES
.Lpass:
        mov esi, SRC
        mov edi, DST
        mov ecx, DWORDS
.Lcopy:
        mov eax, [esi]
        mov [edi], eax
        add esi, 4
        add edi, 4
        dec ecx
        jnz .Lcopy
        dec ebp
        jnz .Lpass
        mov eax, [DST + 4 * (DWORDS - 1)]
        mov edx, DEBUG_EXIT
        out dx, eax
        hlt
