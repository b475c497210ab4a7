//! The analysis core of edxview: file formats, signal processing, nerve conduction, needle EMG,
//! interpretation and simulation, in pure Rust with no web or file-system dependencies.
//!
//! Data flows one way: bytes are read by [`formats`] into the one data model ([`model::Study`]),
//! analysis turns a study into measurements, and interpretation turns measurements into findings.
//! The browser app, its Web Worker and the `edx` command line all call this crate, so a number
//! shown in the browser is the number the command line prints.
//!
//! [`synth`] builds studies from physiological models with known ground truth; they drive the
//! demos and the accuracy tests, and make this example runnable without any file:
//!
//! ```
//! let study = edx_core::synth::demos::build("median-motor-normal").expect("a built-in demo");
//! let nerve = &study.nerve_conductions[0];
//! assert_eq!(nerve.sites.len(), 2);
//! let wrist = &nerve.sites[0].sweeps[0];
//! assert!(wrist.sampling_rate_hz >= 10_000.0);
//! ```
#![warn(missing_docs)]

pub mod display;
pub mod dsp;
pub mod formats;
pub mod interpret;
pub mod model;
pub mod muscles;
pub mod ncs;
pub mod needle;
pub mod synth;
pub mod view_link;
