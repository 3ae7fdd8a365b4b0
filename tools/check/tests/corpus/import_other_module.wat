;; An import from a module other than `kexin_v1`.
(module
  (import "env" "abort" (func $abort))
  (memory (export "memory") 1 32)
  (func $init (export "init")))
