;; A start function.
(module
  (memory (export "memory") 1 32)
  (func $init (export "init"))
  (func $setup)
  (start $setup))
