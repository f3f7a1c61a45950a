//! Quality measurements behind `rassegna eval`: reading gold-labelled data sets and scoring
//! what the library finds against them. It owns the scoring rules and the gold formats; it
//! must not change how extraction or search work, only call them as the indexer does.

pub mod persons;
