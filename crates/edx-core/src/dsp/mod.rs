//! Signal processing shared by the analyses and the views.

pub mod envelope;
pub mod filter;
pub mod stats;
