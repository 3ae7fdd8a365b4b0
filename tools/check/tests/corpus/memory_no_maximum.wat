;; The memory declares no maximum.
(module
  (memory (export "memory") 1)
  (func $init (export "init")))
