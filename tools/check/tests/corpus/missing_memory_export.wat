;; The memory is defined but not exported.
(module
  (memory 1 32)
  (func $init (export "init")))
