#![feature(arbitrary_self_types)]
#![cfg_attr(not(CONFIG_RUSTC_HAS_X), feature(lint_reasons, new_range_api))]
//! doc
fn main() { let s = r#"#![feature(no)]"#; }
