//! rassegna
pub mod analysis;
pub mod article;
pub mod error;
pub mod index;
pub mod persons;
pub use error::{Error, Result};
pub mod cli;
pub mod search;
