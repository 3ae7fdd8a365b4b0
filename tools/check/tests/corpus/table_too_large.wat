;; A table that may hold more elements than the profile allows.
(module
  (memory (export "memory") 1 32)
  (table 5000 5000 funcref)
  (func $init (export "init")))
