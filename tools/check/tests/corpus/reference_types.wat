;; A function type with `externref`.
(module
  (memory (export "memory") 1 32)
  (func $init (export "init"))
  (func $hold (param externref)))
