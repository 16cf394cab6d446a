; The switchless boot ROM (docs/devices.md §boot-rom).
;
; Mapped read-only at 0xFFFF0000, where the CPU starts after reset. It loads an
; ELF32 tx86 kernel from the boot disk and jumps to it with
;     eax = 0x2BAD7886 (boot magic), ebx = 0x500 (boot-info block),
;     paging off, ring 0, IF clear, esp = 0x7000          (docs/isa.md §11)
; On any error it prints "boot: <reason>" and powers off with status 0xFE.
;
; Low-memory use (all below 1 MiB, which kernels may not load into):
;     0x0500  boot-info block            0x0600  IDT (vectors 0-47)
;     0x0800  firmware variables         0x7000  top of the firmware stack
;     0x8000  32 KiB sector buffer       0x10000 4 KiB ELF header buffer
;
; Disk reads wait for the boot disk's interrupt with sti; hlt, so a slow
; diskette costs idle cycles, not host time.

.equ UART,          0x3F8
.equ DISK,          0x170           ; boot disk controller
.equ DISK_LBA,      DISK + 0x00
.equ DISK_COUNT,    DISK + 0x04
.equ DISK_DMA,      DISK + 0x08
.equ DISK_COMMAND,  DISK + 0x0C
.equ DISK_STATUS,   DISK + 0x10
.equ DISK_CAPACITY, DISK + 0x14
.equ FIXED_CAPACITY, 0x1F0 + 0x14
.equ PIC_EOI,       0x20
.equ PIC_MASK,      0x24
.equ DEBUG_EXIT,    0x500
.equ BOARD_RAM,     0x520
.equ BOARD_CLOCK,   0x524

.equ BOOT_MAGIC,    0x2BAD7886
.equ BOOTINFO,      0x500
.equ IDT,           0x600
.equ VAR_STATUS,    0x800           ; disk status captured by the IRQ handler
.equ VAR_IMAGE_END, 0x804           ; highest physical byte loaded
.equ STACK_TOP,     0x7000
.equ BUF,           0x8000
.equ BUF_SECTORS,   64
.equ HDR,           0x10000
.equ HDR_SECTORS,   8
.equ KERNEL_FLOOR,  0x100000
.equ DISK_VECTOR,   38              ; IRQ 6 at the PIC's default base 32
.equ EM_TX86,       0x7886

.text
.global _start
.type _start, @function
_start:
        mov esp, STACK_TOP
        mov esi, msg_banner
        call puts
        call install_disk_irq

        ; The boot disk must hold at least the header buffer's worth of sectors.
        mov edx, DISK_CAPACITY
        in eax, dx
        cmp eax, HDR_SECTORS
        jb no_disk

        xor eax, eax                    ; lba 0
        mov ecx, HDR_SECTORS
        mov edi, HDR
        call read_sectors

        ; ELF identification and header (docs/isa.md §13).
        cmp dword [HDR], 0x464C457F     ; "\x7fELF"
        jne bad_elf
        cmp byte [HDR + 4], 1           ; ELFCLASS32
        jne bad_elf
        cmp byte [HDR + 5], 1           ; little-endian
        jne bad_elf
        movzx eax, word [HDR + 0x10]    ; e_type
        cmp eax, 2                      ; ET_EXEC
        jne bad_elf
        movzx eax, word [HDR + 0x12]    ; e_machine
        cmp eax, EM_TX86
        jne bad_machine
        movzx eax, word [HDR + 0x2A]    ; e_phentsize
        cmp eax, 32
        jne bad_elf
        movzx ecx, word [HDR + 0x2C]    ; e_phnum
        mov ebx, [HDR + 0x1C]           ; e_phoff
        mov eax, ecx
        shl eax, 5
        add eax, ebx
        jc bad_elf
        cmp eax, HDR_SECTORS * 512      ; the table must lie in the header buffer
        ja bad_elf

        mov dword [VAR_IMAGE_END], KERNEL_FLOOR
        add ebx, HDR                    ; ebx = first program header
.Lnext_phdr:
        test ecx, ecx
        jz .Lloaded
        cmp dword [ebx], 1              ; PT_LOAD
        jne .Lskip_phdr
        push ecx
        push ebx
        call load_segment
        pop ebx
        pop ecx
.Lskip_phdr:
        add ebx, 32
        dec ecx
        jmp .Lnext_phdr

.Lloaded:
        ; Boot-info block (docs/isa.md §11).
        mov dword [BOOTINFO + 0], BOOT_MAGIC
        mov edx, BOARD_RAM
        in eax, dx
        mov [BOOTINFO + 4], eax
        mov edx, DISK_CAPACITY
        in eax, dx
        mov [BOOTINFO + 8], eax
        mov edx, FIXED_CAPACITY
        in eax, dx
        cmp eax, 0xFFFFFFFF             ; no fixed disk: unassigned ports read all ones
        jne .Lhave_fixed
        xor eax, eax
.Lhave_fixed:
        mov [BOOTINFO + 12], eax
        mov edx, BOARD_CLOCK
        in eax, dx
        mov [BOOTINFO + 16], eax
        mov eax, [VAR_IMAGE_END]
        mov [BOOTINFO + 20], eax

        mov esi, msg_jump
        call puts
        mov edx, PIC_MASK               ; hand the PIC over fully masked
        mov eax, 0xFFFF
        out dx, eax
        mov ecx, [HDR + 0x18]           ; e_entry
        mov eax, BOOT_MAGIC
        mov ebx, BOOTINFO
        mov esp, STACK_TOP
        jmp ecx

; load_segment(ebx = program header): copy p_filesz bytes from file offset
; p_offset to physical p_paddr, then zero-fill to p_memsz.
.type load_segment, @function
load_segment:
        mov esi, [ebx + 4]              ; p_offset
        mov edi, [ebx + 12]             ; p_paddr
        mov ecx, [ebx + 16]             ; p_filesz
        mov edx, [ebx + 20]             ; p_memsz
        cmp ecx, edx
        ja bad_elf
        cmp edi, KERNEL_FLOOR
        jb bad_range
        mov eax, edi
        add eax, edx
        jc bad_range
        push eax
        mov edx, BOARD_RAM
        in eax, dx
        mov edx, eax
        pop eax
        cmp eax, edx
        ja bad_range
        cmp eax, [VAR_IMAGE_END]
        jbe .Lcopy
        mov [VAR_IMAGE_END], eax
.Lcopy:
        ; esi = file offset, edi = destination, ecx = bytes left to copy
        test ecx, ecx
        jz .Lzero
        push ecx
        push edi
        push esi
        mov eax, esi
        shr eax, 9                      ; first sector
        mov ecx, BUF_SECTORS
        mov edi, BUF
        call read_sectors
        pop esi
        pop edi
        pop ecx
        ; chunk = min(bytes left, buffer end - offset within the buffer)
        mov ebx, esi
        and ebx, 511                    ; offset within the first sector
        mov eax, BUF_SECTORS * 512
        sub eax, ebx
        cmp eax, ecx
        jbe .Lchunk
        mov eax, ecx
.Lchunk:
        push ecx
        push esi
        mov ecx, eax
        lea esi, [BUF + ebx]
        rep movsb                       ; edi advances by the chunk
        pop esi
        pop ecx
        add esi, eax
        sub ecx, eax
        jmp .Lcopy
.Lzero:
        mov ebx, [esp + 4]              ; the caller's program header
        mov ecx, [ebx + 20]
        sub ecx, [ebx + 16]             ; memsz - filesz bytes of zeros
        xor eax, eax
        rep stosb
        ret

; read_sectors(eax = lba, ecx = count, edi = physical destination).
; Sectors past the end of the disk are not read: the count is clipped.
.type read_sectors, @function
read_sectors:
        push eax
        mov edx, DISK_CAPACITY
        in eax, dx
        mov edx, eax                    ; edx = capacity
        pop eax
        cmp eax, edx
        jae bad_elf                     ; the ELF points past the end of the disk
        sub edx, eax
        cmp ecx, edx
        jbe .Lcount_ok
        mov ecx, edx
.Lcount_ok:
        mov edx, DISK_LBA
        out dx, eax
        mov eax, ecx
        mov edx, DISK_COUNT
        out dx, eax
        mov eax, edi
        mov edx, DISK_DMA
        out dx, eax
        mov dword [VAR_STATUS], 0
        mov eax, 1                      ; read
        mov edx, DISK_COMMAND
        out dx, eax
.Lwait:
        cli
        mov eax, [VAR_STATUS]
        test eax, 2                     ; done
        jnz .Ldone
        sti
        hlt                             ; sti's shadow makes this wake-up safe
        jmp .Lwait
.Ldone:
        test eax, 4                     ; error
        jnz disk_error
        ret

; The boot disk's interrupt: capture and acknowledge the status, then EOI.
.type disk_irq, @function
disk_irq:
        push eax
        push edx
        mov edx, DISK_STATUS
        in eax, dx
        mov [VAR_STATUS], eax
        out dx, eax                     ; write-1-to-clear done and error
        mov edx, PIC_EOI
        out dx, eax
        pop edx
        pop eax
        iret

.type install_disk_irq, @function
install_disk_irq:
        mov edi, IDT
        mov ecx, (DISK_VECTOR + 1) * 2
        xor eax, eax
        rep stosd                       ; every gate not present
        mov dword [IDT + DISK_VECTOR * 8], disk_irq
        mov dword [IDT + DISK_VECTOR * 8 + 4], 1   ; present interrupt gate, DPL 0
        lidt [idt_pointer]
        mov edx, PIC_MASK
        mov eax, 0xFFFF & ~(1 << 6)     ; only the boot disk's line
        out dx, eax
        ret

; puts(esi = NUL-terminated string)
.type puts, @function
puts:
        mov edx, UART
.Lputs_next:
        movzx eax, byte [esi]
        test eax, eax
        jz .Lputs_done
        out dx, al
        inc esi
        jmp .Lputs_next
.Lputs_done:
        ret

no_disk:
        mov esi, msg_no_disk
        jmp fail
bad_elf:
        mov esi, msg_bad_elf
        jmp fail
bad_machine:
        mov esi, msg_bad_machine
        jmp fail
bad_range:
        mov esi, msg_bad_range
        jmp fail
disk_error:
        mov esi, msg_disk_error
fail:
        push esi
        mov esi, msg_boot
        call puts
        pop esi
        call puts
        mov esi, msg_newline
        call puts
        mov eax, 0xFE
        mov edx, DEBUG_EXIT
        out dx, eax
        cli
        hlt

.rodata
idt_pointer:
        .word (DISK_VECTOR + 1) * 8 - 1
        .long IDT
msg_banner:      .asciz "switchless boot ROM\n"
msg_jump:        .asciz "boot: starting kernel\n"
msg_boot:        .asciz "boot: "
msg_no_disk:     .asciz "no boot disk"
msg_bad_elf:     .asciz "boot disk holds no valid ELF32 executable"
msg_bad_machine: .asciz "kernel is not a tx86 executable"
msg_bad_range:   .asciz "kernel segment outside RAM above 1 MiB"
msg_disk_error:  .asciz "boot disk read error"
msg_newline:     .asciz "\n"
