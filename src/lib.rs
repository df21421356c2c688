//! jingwang turns Chinese police reports on campaigns against online crime
//! into structured statistics ("facts"), and measures how well it does so
//! against hand-written ground truth (see ANNOTATION_GUIDE.md and
//! ARCHITECTURE.md).

pub mod cli;
pub mod corpus;
pub mod error;
pub mod export;
pub mod extract;
pub mod fsutil;
pub mod load;
pub mod locate;
pub mod model;
pub mod ordered;
pub mod source;

// Commands.
pub mod annotate;
pub mod diff;
pub mod report;
pub mod run_extract;
pub mod validate;
