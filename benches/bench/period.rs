//! Periods of whole months within the ground truth (2015-01 to 2024-12): years, halves,
//! quarters and months, as ledger text and as words for quotes.

/// First month of the ground truth: 2015-01.
const FIRST_YEAR: i32 = 2015;
/// Months of ground truth: 2015-01 to 2024-12.
pub(crate) const MONTHS: usize = 120;

/// A period of whole months within the ground truth.
#[derive(Clone, Debug)]
pub(crate) struct Per {
    /// Months since 2015-01.
    pub(crate) first: u32,
    pub(crate) months: u32,
    pub(crate) text: String,
    pub(crate) words: String,
}

const MONTH_NAMES: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const ORDINALS: &[&str] = &["first", "second", "third", "fourth"];

impl Per {
    pub(crate) fn year(y: i32) -> Per {
        Per {
            first: ((y - FIRST_YEAR) * 12) as u32,
            months: 12,
            text: y.to_string(),
            words: y.to_string(),
        }
    }
    pub(crate) fn quarter(y: i32, q: u32) -> Per {
        Per {
            first: ((y - FIRST_YEAR) * 12) as u32 + 3 * (q - 1),
            months: 3,
            text: format!("{y}-Q{q}"),
            words: format!("the {} quarter of {y}", ORDINALS[q as usize - 1]),
        }
    }
    pub(crate) fn half(y: i32, h: u32) -> Per {
        Per {
            first: ((y - FIRST_YEAR) * 12) as u32 + 6 * (h - 1),
            months: 6,
            text: format!("{y}-H{h}"),
            words: format!("the {} half of {y}", ORDINALS[h as usize - 1]),
        }
    }
    pub(crate) fn month(y: i32, m: u32) -> Per {
        Per {
            first: ((y - FIRST_YEAR) * 12) as u32 + m - 1,
            months: 1,
            text: format!("{y}-{m:02}"),
            words: format!("{} {y}", MONTH_NAMES[m as usize - 1]),
        }
    }
    /// The period of the same length just before, when it is within the ground truth.
    pub(crate) fn previous(&self) -> Option<Per> {
        let first = self.first.checked_sub(self.months)?;
        let y = FIRST_YEAR + (first / 12) as i32;
        let m = first % 12 + 1;
        Some(match self.months {
            12 => Per::year(y),
            6 => Per::half(y, m / 6 + 1),
            3 => Per::quarter(y, m / 3 + 1),
            _ => Per::month(y, m),
        })
    }
    /// The same period a year before.
    pub(crate) fn year_before(&self) -> Option<Per> {
        let first = self.first.checked_sub(12)?;
        let y = FIRST_YEAR + (first / 12) as i32;
        let m = first % 12 + 1;
        Some(match self.months {
            12 => Per::year(y),
            6 => Per::half(y, m / 6 + 1),
            3 => Per::quarter(y, m / 3 + 1),
            _ => Per::month(y, m),
        })
    }
}
