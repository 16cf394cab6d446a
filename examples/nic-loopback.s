; nic-loopback: a polling network driver in a page of assembly.
;
; It gives the network adapter (docs/devices.md §nic) an 8-entry receive ring
; and a 4-entry transmit ring, sends six 60-byte Ethernet frames (so the
; transmit ring wraps), waits until every frame has been sent and, with the
; loopback backend, received back, then exits with the number of frames
; received. Run it with a capture to look at the frames in Wireshark:
;
;   switchless run nic-loopback.elf --net loopback --pcap frames.pcap
;   tshark -r frames.pcap

.equ NIC, 0xC000
.equ NIC_CTRL, NIC + 0x00
.equ NIC_RX_BASE, NIC + 0x10
.equ NIC_RX_SIZE, NIC + 0x14
.equ NIC_RX_HEAD, NIC + 0x18
.equ NIC_RX_TAIL, NIC + 0x1C
.equ NIC_TX_BASE, NIC + 0x20
.equ NIC_TX_SIZE, NIC + 0x24
.equ NIC_TX_HEAD, NIC + 0x28
.equ NIC_TX_TAIL, NIC + 0x2C
.equ DEBUG_EXIT, 0x500

.equ RX_RING, 0x200000          ; 8 descriptors of 16 bytes
.equ RX_SLOTS, 8
.equ RX_BUFFERS, 0x210000       ; 2 KiB each
.equ TX_RING, 0x201000          ; 4 descriptors
.equ TX_SLOTS, 4
.equ FRAMES, 6
.equ FRAME_BYTES, 60

.text
.global _start
_start:
        ; Receive ring: every descriptor points at its own buffer.
        mov edi, RX_RING
        mov eax, RX_BUFFERS
        mov ecx, RX_SLOTS
.Lrx_desc:
        mov [edi], eax
        mov dword [edi + 4], 0
        add eax, 2048
        add edi, 16
        dec ecx
        jnz .Lrx_desc
        mov edx, NIC_RX_BASE
        mov eax, RX_RING
        out dx, eax
        mov edx, NIC_RX_SIZE
        mov eax, RX_SLOTS
        out dx, eax
        mov edx, NIC_RX_TAIL            ; slots [HEAD, TAIL) belong to the device
        mov eax, RX_SLOTS - 1
        out dx, eax
        mov edx, NIC_TX_BASE
        mov eax, TX_RING
        out dx, eax
        mov edx, NIC_TX_SIZE
        mov eax, TX_SLOTS
        out dx, eax
        mov edx, NIC_CTRL
        mov eax, 3                      ; receive and transmit enabled
        out dx, eax

        xor ebx, ebx                    ; frames sent
.Lsend:
        mov byte [frame + 14], bl       ; the payload's first byte numbers the frame
        mov eax, ebx
        and eax, TX_SLOTS - 1
        shl eax, 4
        lea edi, [TX_RING + eax]
        mov dword [edi], frame
        mov dword [edi + 4], FRAME_BYTES ; length; status 0 (the device sets DD)
        inc ebx
        mov eax, ebx
        and eax, TX_SLOTS - 1
        mov esi, eax                    ; the tail after this frame
        mov edx, NIC_TX_TAIL
        out dx, eax
.Lsending:
        mov edx, NIC_TX_HEAD            ; wait until the device has sent it
        in eax, dx
        cmp eax, esi
        jne .Lsending
        cmp ebx, FRAMES
        jb .Lsend

.Lreceiving:
        mov edx, NIC_RX_HEAD            ; wait for the loopback copies
        in eax, dx
        cmp eax, FRAMES
        jb .Lreceiving
        mov edx, DEBUG_EXIT
        out dx, eax
        hlt

.data
frame:
        .byte 0xff, 0xff, 0xff, 0xff, 0xff, 0xff    ; destination: broadcast
        .byte 0x52, 0x54, 0x00, 0x12, 0x34, 0x56    ; source: the adapter's MAC
        .byte 0x88, 0xb5                            ; EtherType: local experimental
        .space FRAME_BYTES - 14, 0
