; pointer-chase: follow a linked list whose nodes lie on 4096 different pages,
; with paging on, so that nearly every load misses the 64-entry TLB and walks
; the page tables (docs/isa.md §7).
.equ STEPS, 8000000
.equ NODES, 4096                ; one node per page; must be a power of two
.equ NODE_BASE, 0x01000000      ; 16 MiB of nodes at 16 MiB
.equ PAGE_DIR, 0x00200000
.equ PAGE_TABLES, 0x00201000    ; 8 tables map the first 32 MiB
.equ TABLES, 8
.equ DEBUG_EXIT, 0x500

.text
.global _start
_start:
        ; Identity-map 32 MiB: PDE i -> table i, PTE j -> frame j.
        mov edi, PAGE_TABLES
        mov eax, 0x3                    ; present, writable
        mov ecx, TABLES * 1024
.Lpte:
        mov [edi], eax
        add eax, 0x1000
        add edi, 4
        dec ecx
        jnz .Lpte
        mov edi, PAGE_DIR
        mov eax, PAGE_TABLES | 0x3
        mov ecx, TABLES
.Lpde:
        mov [edi], eax
        add eax, 0x1000
        add edi, 4
        dec ecx
        jnz .Lpde

        ; Link node i to node (5i + 1) mod NODES: one cycle through all nodes.
        ; Node i sits at NODE_BASE + i*4096 + (i*64 mod 4096).
        xor ecx, ecx
.Llink:
        mov eax, ecx
        call node_address
        mov edi, eax
        lea eax, [ecx*4 + ecx + 1]
        and eax, NODES - 1
        call node_address
        mov [edi], eax
        inc ecx
        cmp ecx, NODES
        jb .Llink

        mov eax, PAGE_DIR
        mov cr3, eax
        mov eax, 0x80000000             ; PG
        mov cr0, eax

        mov esi, NODE_BASE
        mov ecx, STEPS
.Lchase:
        mov esi, [esi]
        dec ecx
        jnz .Lchase
        mov eax, esi
        mov edx, DEBUG_EXIT
        out dx, eax
        hlt

; node_address(eax = index) -> eax
node_address:
        push edx
        mov edx, eax
        shl eax, 12
        shl edx, 6
        and edx, 0xFFF
        add eax, edx
        add eax, NODE_BASE
        pop edx
        ret
