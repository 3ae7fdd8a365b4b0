;; No `init` export.
(module
  (memory (export "memory") 1 32)
  (func $ping (export "ping")))
