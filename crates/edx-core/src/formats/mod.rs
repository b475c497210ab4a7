//! Reading study files: bytes in, [`crate::model`] out.
//!
//! [`detect`] names what a file is from its first bytes (never from its extension alone), so a
//! wrongly named file is still read correctly and a file we cannot read is answered with what it
//! is and how to export a readable one.

pub mod detect;

pub use detect::{detect, FileKind};
