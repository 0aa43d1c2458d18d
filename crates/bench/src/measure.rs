//! Timing, percentiles, targets and the printed table. Every number Dragoman gets
//! is printed next to a raw baseline measured in the same run, and a target is
//! judged PASS or MISS: a benchmark reports, it never fails the build.

use std::time::{Duration, Instant};

pub type Res<T> = Result<T, Box<dyn std::error::Error>>;

/// Durations of one operation, many times over.
#[derive(Debug, Clone, Default)]
pub struct Samples(Vec<Duration>);

impl Samples {
    pub fn push(&mut self, d: Duration) {
        self.0.push(d);
    }

    pub fn get(&self, i: usize) -> Duration {
        self.0[i]
    }

    /// Element by element, the shorter of the two.
    fn best(&self, other: &Samples) -> Samples {
        Samples(
            self.0
                .iter()
                .zip(&other.0)
                .map(|(a, b)| *a.min(b))
                .collect(),
        )
    }

    /// The `p`th percentile (nearest rank), in milliseconds.
    pub fn percentile_ms(&self, p: f64) -> f64 {
        let mut sorted = self.0.clone();
        sorted.sort();
        if sorted.is_empty() {
            return f64::NAN;
        }
        let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
        sorted[rank.clamp(1, sorted.len()) - 1].as_secs_f64() * 1e3
    }
}

/// Runs `ours(i)` and `raw(i)` for `i` in `0..n`, alternating which goes first so
/// that neither side always finds the caches warmed (or the WAL grown) by the other.
pub fn alternate(
    n: usize,
    mut ours: impl FnMut(usize) -> Res<()>,
    mut raw: impl FnMut(usize) -> Res<()>,
) -> Res<(Samples, Samples)> {
    let (mut a, mut b) = (Samples::default(), Samples::default());
    for i in 0..n {
        if i % 2 == 0 {
            a.push(time(|| ours(i))?);
            b.push(time(|| raw(i))?);
        } else {
            b.push(time(|| raw(i))?);
            a.push(time(|| ours(i))?);
        }
    }
    Ok((a, b))
}

/// `alternate` over `rounds` rounds, keeping each operation's best time. The
/// machine is shared: the best of a few runs is an operation's own cost without
/// another process's interruptions, while the spread between operations (what a
/// p95 over different queries is about) stays.
pub fn best_of(
    rounds: usize,
    n: usize,
    mut ours: impl FnMut(usize) -> Res<()>,
    mut raw: impl FnMut(usize) -> Res<()>,
) -> Res<(Samples, Samples)> {
    let mut best: Option<(Samples, Samples)> = None;
    for _ in 0..rounds.max(1) {
        let (a, b) = alternate(n, &mut ours, &mut raw)?;
        best = Some(match best {
            None => (a, b),
            Some((x, y)) => (x.best(&a), y.best(&b)),
        });
    }
    Ok(best.unwrap_or_default())
}

/// How long `f` took.
pub fn time(f: impl FnOnce() -> Res<()>) -> Res<Duration> {
    let start = Instant::now();
    f()?;
    Ok(start.elapsed())
}

/// One measured quantity.
#[derive(Debug, Clone, Copy)]
pub enum Value {
    /// Items per second; higher is better.
    Rate(f64),
    /// Milliseconds; lower is better.
    Millis(f64),
    /// A fraction of a whole, shown as a percentage; higher is better.
    Share(f64),
}

impl Value {
    fn number(self) -> f64 {
        match self {
            Value::Rate(v) | Value::Millis(v) | Value::Share(v) => v,
        }
    }

    fn show(self) -> String {
        match self {
            Value::Rate(v) => format!("{}/s", thousands(v)),
            Value::Millis(v) if v < 1.0 => format!("{v:.3} ms"),
            Value::Millis(v) => format!("{v:.2} ms"),
            Value::Share(v) => format!("{:.1}%", v * 100.0),
        }
    }
}

fn thousands(v: f64) -> String {
    let digits = format!("{:.0}", v);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// What a row must meet.
#[derive(Debug, Clone, Copy)]
pub enum Target {
    /// ours / raw at least this (rates).
    RatioAtLeast(f64),
    /// ours / raw at most this (latencies).
    RatioAtMost(f64),
    /// Ours at most this many milliseconds, whatever the baseline does.
    MillisAtMost(f64),
}

impl Target {
    fn show(self) -> String {
        match self {
            Target::RatioAtLeast(r) => format!("≥ {r:.2}×"),
            Target::RatioAtMost(r) => format!("≤ {r:.2}×"),
            Target::MillisAtMost(ms) => format!("≤ {ms} ms"),
        }
    }

    fn met(self, ours: Value, ratio: Option<f64>) -> bool {
        match self {
            Target::RatioAtLeast(r) => ratio.is_some_and(|x| x >= r),
            Target::RatioAtMost(r) => ratio.is_some_and(|x| x <= r),
            Target::MillisAtMost(ms) => ours.number() <= ms,
        }
    }
}

/// One line of the table.
#[derive(Debug, Clone)]
pub struct Row {
    pub size: usize,
    pub section: &'static str,
    pub measure: String,
    pub ours: Value,
    pub raw: Option<Value>,
    pub targets: Vec<Target>,
}

impl Row {
    pub fn new(
        size: usize,
        section: &'static str,
        measure: impl Into<String>,
        ours: Value,
        raw: Option<Value>,
    ) -> Row {
        Row {
            size,
            section,
            measure: measure.into(),
            ours,
            raw,
            targets: vec![],
        }
    }

    pub fn target(mut self, t: Target) -> Row {
        self.targets.push(t);
        self
    }

    /// ours / raw.
    pub fn ratio(&self) -> Option<f64> {
        self.raw
            .map(|raw| self.ours.number() / raw.number())
            .filter(|r| r.is_finite())
    }

    /// "PASS", "MISS" or "" for a row with no target.
    pub fn verdict(&self) -> &'static str {
        if self.targets.is_empty() {
            ""
        } else if self.targets.iter().all(|t| t.met(self.ours, self.ratio())) {
            "PASS"
        } else {
            "MISS"
        }
    }

    /// p50 and p95 rows for a pair of sample sets.
    pub fn latencies(
        size: usize,
        section: &'static str,
        what: &str,
        ours: &Samples,
        raw: &Samples,
    ) -> [Row; 2] {
        [50.0, 95.0].map(|p| {
            Row::new(
                size,
                section,
                format!("{what} p{p:.0}"),
                Value::Millis(ours.percentile_ms(p)),
                Some(Value::Millis(raw.percentile_ms(p))),
            )
        })
    }
}

/// Prints the table: one line per row, ratios and verdicts on the right.
pub fn print_table(rows: &[Row]) {
    let header = [
        "stories",
        "section",
        "measure",
        "dragoman",
        "raw baseline",
        "ratio",
        "target",
        "result",
    ];
    let cells: Vec<[String; 8]> = rows
        .iter()
        .map(|r| {
            [
                r.size.to_string(),
                r.section.to_string(),
                r.measure.clone(),
                r.ours.show(),
                r.raw.map(Value::show).unwrap_or_default(),
                r.ratio().map(|x| format!("{x:.2}×")).unwrap_or_default(),
                r.targets
                    .iter()
                    .map(|t| t.show())
                    .collect::<Vec<_>>()
                    .join(", "),
                r.verdict().to_string(),
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.chars().count());
    for row in &cells {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |cols: &[String]| {
        let mut out = String::new();
        for (i, (c, w)) in cols.iter().zip(widths).enumerate() {
            let pad = w - c.chars().count();
            // Numbers read best right-aligned, words left-aligned.
            if (3..=5).contains(&i) {
                out.push_str(&" ".repeat(pad));
                out.push_str(c);
            } else {
                out.push_str(c);
                out.push_str(&" ".repeat(pad));
            }
            out.push_str("  ");
        }
        println!("{}", out.trim_end());
    };
    line(&header.map(String::from));
    line(&widths.map(|w| "-".repeat(w)));
    let mut last_size = None;
    for (row, cells) in rows.iter().zip(&cells) {
        if last_size.is_some_and(|s| s != row.size) {
            println!();
        }
        last_size = Some(row.size);
        line(cells);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let mut s = Samples::default();
        for ms in 1..=100 {
            s.push(Duration::from_millis(ms));
        }
        assert_eq!(s.percentile_ms(50.0), 50.0);
        assert_eq!(s.percentile_ms(95.0), 95.0);
        assert_eq!(s.percentile_ms(100.0), 100.0);
    }

    #[test]
    fn best_keeps_each_operations_fastest_run() {
        let ms = |v: &[u64]| Samples(v.iter().map(|&m| Duration::from_millis(m)).collect());
        let best = ms(&[30, 2, 5]).best(&ms(&[1, 4, 5]));
        assert_eq!(best.0, ms(&[1, 2, 5]).0);
    }

    #[test]
    fn verdicts_follow_the_direction_of_the_target() {
        let rate = |ours, raw| {
            Row::new(
                1,
                "import",
                "rate",
                Value::Rate(ours),
                Some(Value::Rate(raw)),
            )
            .target(Target::RatioAtLeast(0.7))
        };
        assert_eq!(rate(80.0, 100.0).verdict(), "PASS");
        assert_eq!(rate(60.0, 100.0).verdict(), "MISS");
        let latency = Row::new(
            1,
            "search",
            "p95",
            Value::Millis(12.0),
            Some(Value::Millis(10.0)),
        )
        .target(Target::RatioAtMost(1.3))
        .target(Target::MillisAtMost(10.0));
        assert_eq!(latency.verdict(), "MISS");
        assert_eq!(thousands(1234567.0), "1,234,567");
    }
}
