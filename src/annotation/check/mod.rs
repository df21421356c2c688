//! The validator: every rule of the guide checked against an annotation
//! file and its source, reported as diagnostics with file, line and column.

pub mod diag;
pub mod facts;
pub mod quote_numbers;
pub mod schema;
pub mod source_view;
