//! Operators: which proposal defines each, its text name, and whether it touches floats.

use wasmparser::Operator;

use crate::problem::Proposal;

/// What the checker needs to know about one operator.
pub(crate) struct OpInfo {
    /// The proposal that defines the operator; `None` for WebAssembly 1.0.
    pub proposal: Option<Proposal>,
    /// wasmparser's visitor method name, e.g. `visit_f64_add`.
    pub visit: &'static str,
}

impl OpInfo {
    /// Whether the operator computes with, loads, stores or converts floats.
    ///
    /// Every such operator has `f32` or `f64` in its name (`f32.add`, `i32.trunc_f64_s`,
    /// `f64.convert_i32_u`, `i64.reinterpret_f64`, `f32x4.splat`, ...), and no other does.
    pub fn is_float(&self) -> bool {
        self.visit.contains("f32") || self.visit.contains("f64")
    }

    /// The operator's name in the WebAssembly text format, e.g. `memory.copy`.
    pub fn mnemonic(&self) -> String {
        mnemonic(self.visit)
    }
}

/// Classifies an operator by the proposal wasmparser files it under.
pub(crate) fn classify(op: &Operator<'_>) -> OpInfo {
    macro_rules! define_classify {
        ($( @$proposal:ident $op:ident $({ $($arg:ident: $argty:ty),* })? => $visit:ident ($($ann:tt)*))*) => {
            match op {
                $(
                    Operator::$op { .. } => OpInfo {
                        proposal: proposal(stringify!($proposal)),
                        visit: stringify!($visit),
                    },
                )*
                // `Operator` is non-exhaustive; an operator this list does not know is newer
                // than WebAssembly 1.0 by construction.
                _ => OpInfo { proposal: Some(Proposal::Gc), visit: "visit_unknown" },
            }
        };
    }
    wasmparser::for_each_operator!(define_classify)
}

/// Maps wasmparser's proposal group names to [`Proposal`].
fn proposal(group: &str) -> Option<Proposal> {
    Some(match group {
        "mvp" => return None,
        "sign_extension" => Proposal::SignExtension,
        "saturating_float_to_int" => Proposal::SaturatingFloatToInt,
        "bulk_memory" => Proposal::BulkMemory,
        "reference_types" => Proposal::ReferenceTypes,
        "tail_call" => Proposal::TailCall,
        "memory_control" => Proposal::MemoryControl,
        "threads" => Proposal::Threads,
        "simd" => Proposal::Simd,
        "relaxed_simd" => Proposal::RelaxedSimd,
        "exceptions" => Proposal::Exceptions,
        "legacy_exceptions" => Proposal::LegacyExceptions,
        "shared_everything_threads" => Proposal::SharedEverythingThreads,
        "function_references" => Proposal::FunctionReferences,
        "stack_switching" => Proposal::StackSwitching,
        "wide_arithmetic" => Proposal::WideArithmetic,
        "custom_descriptors" => Proposal::CustomDescriptors,
        // "gc" and any group a later wasmparser adds.
        _ => Proposal::Gc,
    })
}

/// Prefixes that the text format separates from the rest of the name with a dot.
const NAMESPACES: &[&str] = &[
    "i32", "i64", "f32", "f64", "v128", "i8x16", "i16x8", "i32x4", "i64x2", "f32x4", "f64x2",
    "memory", "table", "local", "global", "ref", "elem", "data", "struct", "array", "any",
    "extern", "i31", "cont",
];

/// Turns a visitor method name into the text-format name: `visit_i32_extend8_s` →
/// `i32.extend8_s`, `visit_i32_atomic_rmw8_add_u` → `i32.atomic.rmw8.add_u`.
fn mnemonic(visit: &str) -> String {
    let name = visit.strip_prefix("visit_").unwrap_or(visit);
    match name {
        "typed_select" | "typed_select_multi" => return "select".to_string(),
        "atomic_fence" => return "atomic.fence".to_string(),
        _ => {}
    }
    let Some((namespace, rest)) = name.split_once('_') else {
        return name.to_string();
    };
    if !NAMESPACES.contains(&namespace) {
        return name.to_string();
    }
    let mut out = format!("{namespace}.");
    let mut rest = rest;
    if let Some(after) = rest.strip_prefix("atomic_") {
        out.push_str("atomic.");
        rest = after;
        for rmw in ["rmw_", "rmw8_", "rmw16_", "rmw32_"] {
            if let Some(after) = rest.strip_prefix(rmw) {
                out.push_str(&rmw[..rmw.len() - 1]);
                out.push('.');
                rest = after;
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::mnemonic;

    #[test]
    fn mnemonics_follow_the_text_format() {
        for (visit, text) in [
            ("visit_f64_add", "f64.add"),
            ("visit_memory_copy", "memory.copy"),
            ("visit_i32_extend8_s", "i32.extend8_s"),
            ("visit_i32_trunc_sat_f32_s", "i32.trunc_sat_f32_s"),
            ("visit_br_if", "br_if"),
            ("visit_call_indirect", "call_indirect"),
            ("visit_return_call_indirect", "return_call_indirect"),
            ("visit_local_get", "local.get"),
            ("visit_ref_null", "ref.null"),
            ("visit_typed_select", "select"),
            ("visit_i32_atomic_rmw8_add_u", "i32.atomic.rmw8.add_u"),
            ("visit_i64_atomic_rmw_cmpxchg", "i64.atomic.rmw.cmpxchg"),
            ("visit_memory_atomic_wait32", "memory.atomic.wait32"),
            ("visit_i8x16_extract_lane_s", "i8x16.extract_lane_s"),
        ] {
            assert_eq!(mnemonic(visit), text);
        }
    }
}
