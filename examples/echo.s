; echo: a bare-metal boot program, no kernel involved.
;
; Boot it with `switchless boot --kernel echo.elf`: the boot ROM loads it from
; the boot disk. It prints a banner, then echoes
; every byte typed on the console, waiting in hlt between interrupts. A
; carriage return echoes as a newline; Ctrl-D powers the machine off.
;
; It shows the pieces a kernel needs: an IDT, the interrupt controller, a
; device interrupt (the UART's IRQ 4) and an idle loop of sti; hlt.

.equ UART, 0x3F8
.equ UART_IER, UART + 1
.equ UART_LSR, UART + 5
.equ PIC_EOI, 0x20
.equ PIC_MASK, 0x24
.equ DEBUG_EXIT, 0x500
.equ UART_VECTOR, 36            ; IRQ 4 at the PIC's default base 32
.equ CTRL_D, 4

.text
.global _start
.type _start, @function
_start:
        mov esp, stack_top
        mov esi, banner
        call puts
        ; An IDT whose only present gate is the UART's.
        mov dword [idt + UART_VECTOR * 8], uart_interrupt
        mov dword [idt + UART_VECTOR * 8 + 4], 1
        lidt [idt_pointer]
        mov edx, PIC_MASK
        mov eax, 0xFFFF & ~(1 << 4)
        out dx, eax
        mov edx, UART_IER
        mov al, 1                       ; interrupt on received data
        out dx, al
.Lidle:
        sti
        hlt
        jmp .Lidle

; Drain the receive FIFO, echoing each byte.
.type uart_interrupt, @function
uart_interrupt:
        push eax
        push edx
.Lnext:
        mov edx, UART_LSR
        in al, dx
        test al, 1                      ; data ready
        jz .Ldone
        mov edx, UART
        in al, dx
        cmp al, CTRL_D
        je power_off
        cmp al, 13                      ; carriage return -> newline
        jne .Lecho
        mov al, 10
.Lecho:
        out dx, al
        jmp .Lnext
.Ldone:
        mov edx, PIC_EOI
        out dx, al
        pop edx
        pop eax
        iret

power_off:
        mov esi, goodbye
        call puts
        xor eax, eax
        mov edx, DEBUG_EXIT
        out dx, eax
        cli
        hlt

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

.rodata
idt_pointer:
        .word (UART_VECTOR + 1) * 8 - 1
        .long idt
banner:  .asciz "switchless: echo demo. Type something; Ctrl-D powers off.\n"
goodbye: .asciz "\npower off\n"

.bss
.align 8
idt:    .space (UART_VECTOR + 1) * 8
.align 16
stack:  .space 4096
stack_top:
