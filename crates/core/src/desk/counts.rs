//! The desk's overview: stories per state and published per day.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::error::Result;
use crate::model::{Status, Verification};
use crate::store::Desk;

/// How many stories are in each state, for the desk's header.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct DeskCounts {
    pub total: usize,
    pub by_status: std::collections::BTreeMap<String, usize>,
    pub by_verification: std::collections::BTreeMap<String, usize>,
}

/// Stories first published on one day (UTC), for the desk's chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct DayCount {
    /// YYYY-MM-DD.
    pub day: String,
    pub count: usize,
}

/// The desk's counts: the few rows of `desk_count`, which triggers keep as
/// stories arrive and move (migration 0005).
pub(crate) const COUNTS: &str = "SELECT status, verification, stories FROM desk_count";

/// How many stories the list holds under a filter, from the same rows.
pub(crate) const COUNT: &str = "SELECT COALESCE(SUM(stories), 0) FROM desk_count
     WHERE (?1 IS NULL OR status = ?1) AND (?2 IS NULL OR verification = ?2)";

/// Stories first published per day from `?1` (YYYY-MM-DD) on. Stamps are RFC
/// 3339, so every stamp of a day sorts after the bare day: a range on the column
/// itself, which the `story_first_published` index answers (migration 0003).
pub(crate) const PER_DAY: &str = "SELECT substr(first_published_at, 1, 10) AS day, COUNT(*)
     FROM story WHERE first_published_at >= ?1 GROUP BY day";

impl Desk {
    /// Counts per status and per verification.
    pub fn counts(&self) -> Result<DeskCounts> {
        let mut counts = DeskCounts::default();
        for s in Status::ALL {
            counts.by_status.insert(s.to_string(), 0);
        }
        for v in Verification::ALL {
            counts.by_verification.insert(v.to_string(), 0);
        }
        let mut stmt = self.conn.prepare_cached(COUNTS)?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let (status, verification, n): (String, String, i64) =
                (r.get(0)?, r.get(1)?, r.get(2)?);
            *counts.by_status.entry(status).or_default() += n as usize;
            *counts.by_verification.entry(verification).or_default() += n as usize;
            counts.total += n as usize;
        }
        Ok(counts)
    }

    /// Stories first published on each of the `days` days up to and including
    /// `today`, oldest first, days without any included as zero.
    pub fn published_per_day(&self, today: DateTime<Utc>, days: u32) -> Result<Vec<DayCount>> {
        let first = today.date_naive() - chrono::Days::new(u64::from(days.saturating_sub(1)));
        let mut stmt = self.conn.prepare_cached(PER_DAY)?;
        let found: std::collections::HashMap<String, usize> = stmt
            .query_map([first.to_string()], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as usize))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(first
            .iter_days()
            .take(days as usize)
            .map(|d| {
                let day = d.to_string();
                DayCount {
                    count: found.get(&day).copied().unwrap_or(0),
                    day,
                }
            })
            .collect())
    }
}
