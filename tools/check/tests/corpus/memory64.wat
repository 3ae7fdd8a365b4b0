;; A 64-bit memory (the memory64 proposal).
(module
  (memory (export "memory") i64 1 2)
  (func $init (export "init")))
