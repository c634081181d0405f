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
mod export_large;
mod export_support;
mod faults;
mod fuzz;
mod git_ci;
mod git_team;
mod import;
mod interval;
mod issue11;
mod issue11_contract;
mod propose;
mod reliability;
mod report;
mod reports_current;
mod reviews;
mod roundtrip;
mod show_scope;
mod tamper_history;
mod waivers;
mod workbook;
