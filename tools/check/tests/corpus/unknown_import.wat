;; An import from `kexin_v1` that the host ABI does not have.
(module
  (import "kexin_v1" "storage_clear" (func $storage_clear))
  (memory (export "memory") 1 32)
  (func $init (export "init")))
