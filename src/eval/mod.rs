//! Scoring (guide §6): aligning predicted with gold facts and counting.

pub mod align;
pub mod compare;
pub mod corpus;
pub mod readout;
pub mod score;
