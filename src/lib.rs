//! jingwang turns Chinese police reports on campaigns against online crime
//! into structured statistics ("facts"), and measures how well it does so
//! against hand-written ground truth (see docs/annotation-guide.md and
//! ARCHITECTURE.md).
//!
//! The parts depend on each other one way only:
//! `cli → eval → annotation → extract → model → text`.

pub mod annotation;
pub mod cli;
pub mod error;
pub mod eval;
pub mod extract;
pub mod model;
pub mod text;
