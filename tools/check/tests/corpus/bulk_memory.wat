;; `memory.copy` and `memory.fill`, as rustc emits for `wasm32-unknown-unknown`.
(module
  (memory (export "memory") 1 32)
  (func $init (export "init"))
  (func $memcpy (param i32 i32 i32)
    local.get 0
    local.get 1
    local.get 2
    memory.copy)
  (func $memset (param i32 i32 i32)
    local.get 0
    local.get 1
    local.get 2
    memory.fill))
