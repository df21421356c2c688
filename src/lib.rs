//! jingwang turns Chinese police reports on campaigns against online crime
//! into structured statistics ("facts"), and measures how well it does so
//! against hand-written ground truth (see ANNOTATION_GUIDE.md and
//! ARCHITECTURE.md).

pub mod align;
pub mod block_yaml;
pub mod change;
pub mod charset;
pub mod cli;
pub mod corpus;
pub mod diag;
pub mod docfields;
pub mod error;
pub mod export;
pub mod extract;
pub mod fact_checks;
pub mod fsutil;
pub mod load;
pub mod locate;
pub mod model;
pub mod normalize;
pub mod numbers;
pub mod ordered;
pub mod quote_numbers;
pub mod schema;
pub mod score;
pub mod segment;
pub mod source;
pub mod source_view;
pub mod vocab;
pub mod yaml_tree;

// Commands.
pub mod annotate;
pub mod diff;
pub mod report;
pub mod run_extract;
pub mod validate;
