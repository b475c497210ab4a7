//! Signal processing shared by the analyses and the views.

pub mod envelope;
pub mod stats;
