//! The ground truth: the corpus layout, loading annotation and prediction
//! files, writing them without ever losing one, and the validator's checks.

pub mod block_yaml;
pub mod check;
pub mod corpus;
pub mod edit;
pub mod load;
pub mod write;
pub mod yaml_tree;
