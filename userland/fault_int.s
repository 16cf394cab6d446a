; fault_int: `int 3` through a gate that is not present (or not DPL 3). The
; kernel must kill it ("general protection fault") and go on.
.text
.global _start
_start:
    int 3
    mov eax, 1
    xor ebx, ebx
    int 0x80
