// Package emulator is a local emulator of Huawei Cloud Private Number
// (隐私保护通话): every operation of the platform reference §1.2 for the AX,
// AXB, AXE and AXYB modes, with X-AKSK (and legacy X-WSSE) authentication,
// the business rules of §12, binding lifetimes on a clock that tests can
// move, and an admin API under /emulator/v1 (bindings, clock, calls, faults,
// stats, reset). Decisions where the reference is silent follow §16 and DESIGN.md.
//
// The emulator never imports internal/client: the two are independent
// readings of the reference.
//
// # Built-in applications (DefaultConfig)
//
//	mode  app_key         app_secret         X numbers
//	AX    demo-ax-app     demo-ax-secret     0755: +8617000000001..+8617000000006, 010: +8617100000001..+8617100000006
//	AXB   demo-axb-app    demo-axb-secret    0755: +8617000000101..+8617000000106, 010: +8617100000101..+8617100000106
//	AXE   demo-axe-app    demo-axe-secret    0755: +8617000000201..+8617000000206, 010: +8617100000201..+8617100000206 (3-digit extensions)
//	AXYB  demo-axyb-app   demo-axyb-secret   0755: +8617000000301..+8617000000306, 010: +8617100000301..+8617100000306
//
// Clock skew window 300 s, no added latency.
package emulator
