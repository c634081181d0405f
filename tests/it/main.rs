//! The one integration test binary (as xsv has it): every module runs the real `claimledger`
//! binary in fresh temporary directories (`common::TestEnv`). One binary links once, so the
//! test build stays short.

mod change_chain;
mod check_gate;
mod check_history;
mod check_seeds;
mod check_support;
mod claim_model;
mod cli;
mod commands;
mod common;
mod concurrency;
mod consistent;
mod conveniences;
mod exact_readings;
mod export;
mod export_claimreview;
mod export_support;
mod import;
mod interval;
mod propose;
mod report;
mod reports_current;
mod reviews;
mod roundtrip;
mod show_scope;
mod waivers;
mod workbook;
