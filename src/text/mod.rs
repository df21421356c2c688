//! Source texts: reading and decoding them, character spans into them, the
//! normalised view the extractor reads, and character sets for fast scans.

pub mod charset;
pub mod locate;
pub mod normalize;
pub mod source;
pub mod walk;
