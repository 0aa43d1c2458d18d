//! Export: Dragoman's page export (`Article::load` and `Renderer::render`, the path
//! of `dragoman export` and the desktop's preview) against the raw work inside it,
//! comrak plus ammonia's default `clean` over the same Markdown, in the same run.
//!
//! Both sides read the stories from the same store: ours through `Article::load`
//! (the whole story, as export needs it), the baseline with two plain queries for
//! the Markdown alone. A second row compares the rendering alone, on stories
//! already in memory.
//!
//! The generated stories are drafts, so the pages are rendered as previews: the
//! same path as a published export, plus one notice line. Writing files is timed
//! on its own row: an atomic write pays an fsync per file, which says more about
//! the disk than about export. A 1 MB story (five thousand paragraphs, and one
//! paragraph of a megabyte) is timed against the < 1 s target.

use chrono::Utc;
use dragoman_core::export::{self, Article, ExportSettings, Format, Options, Renderer};
use dragoman_core::Segment;

use crate::gen::Rng;
use crate::measure::{time, Res, Row, Target, Value};
use crate::Fixture;

/// The raw baseline: what any exporter has to do with a text, and nothing else.
fn raw_html(markdown: &str) -> usize {
    let html = comrak::markdown_to_html(markdown, &comrak::Options::default());
    ammonia::clean(&html).len()
}

/// The Markdown a story's page renders: standfirst and segment translations.
fn markdown_of(article: &Article) -> Vec<String> {
    std::iter::once(&article.story.standfirst)
        .chain(article.story.segments.iter().map(|s| &s.target))
        .filter(|m| !m.trim().is_empty())
        .cloned()
        .collect()
}

pub fn run(f: &mut Fixture<'_>) -> Res<Vec<Row>> {
    f.desk.set_setting("publication", "The Syrian Observer")?;
    let settings = ExportSettings::from_desk(&f.desk)?;
    let renderer = Renderer::new(&settings)?;
    let options = Options { preview: true };
    let now = Utc::now();
    let n = f.reps(10_000, 50).min(f.translated.len());
    let ids: Vec<i64> = f.translated.iter().take(n).map(|&i| i as i64 + 1).collect();
    let articles = ids
        .iter()
        .map(|&id| Article::load(&f.desk, id))
        .collect::<Result<Vec<_>, _>>()?;
    let markdown: Vec<Vec<String>> = articles.iter().map(markdown_of).collect();
    let mut rows = Vec::new();

    // Stories per second: each side's best of a few rounds, alternating which goes
    // first. Ours reads every story from the store, as `dragoman export` does.
    let rounds = f.reps(3, 1);
    let (mut ours, mut raw, mut render_only, mut raw_only) =
        (f64::MAX, f64::MAX, f64::MAX, f64::MAX);
    for round in 0..rounds {
        let load_and_render = || -> Res<()> {
            for &id in &ids {
                let article = Article::load(&f.desk, id)?;
                std::hint::black_box(renderer.render(&article, Format::Page, &options, now)?);
            }
            Ok(())
        };
        // The baseline reads the same Markdown from the same store with two plain
        // queries, then does the raw work on it.
        let baseline = || -> Res<()> {
            let mut standfirst = f
                .desk_raw
                .prepare_cached("SELECT standfirst FROM story WHERE id = ?1")?;
            let mut targets = f.desk_raw.prepare_cached(
                "SELECT target FROM segment WHERE story_id = ?1 ORDER BY position",
            )?;
            for &id in &ids {
                let mut texts: Vec<String> = vec![standfirst.query_row([id], |r| r.get(0))?];
                for t in targets.query_map([id], |r| r.get::<_, String>(0))? {
                    texts.push(t?);
                }
                for md in texts.iter().filter(|m| !m.trim().is_empty()) {
                    std::hint::black_box(raw_html(md));
                }
            }
            Ok(())
        };
        if round % 2 == 0 {
            ours = ours.min(time(load_and_render)?.as_secs_f64());
            raw = raw.min(time(baseline)?.as_secs_f64());
        } else {
            raw = raw.min(time(baseline)?.as_secs_f64());
            ours = ours.min(time(load_and_render)?.as_secs_f64());
        }
        let rendered = time(|| {
            for article in &articles {
                std::hint::black_box(renderer.render(article, Format::Page, &options, now)?);
            }
            Ok(())
        })?;
        render_only = render_only.min(rendered.as_secs_f64());
        let markdown_only = time(|| {
            for story in &markdown {
                for md in story {
                    std::hint::black_box(raw_html(md));
                }
            }
            Ok(())
        })?;
        raw_only = raw_only.min(markdown_only.as_secs_f64());
    }
    let rate = |secs: f64| Value::Rate(n as f64 / secs);
    rows.push(
        Row::new(
            f.size,
            "export",
            format!("{n} pages: load + render, stories/s"),
            rate(ours),
            Some(rate(raw)),
        )
        .target(Target::RatioAtLeast(0.5)),
    );
    rows.push(Row::new(
        f.size,
        "export",
        format!("{n} pages: render only, stories/s"),
        rate(render_only),
        Some(rate(raw_only)),
    ));

    // Files: `export::export` renders, then writes each file atomically (temp
    // file, fsync, rename, fsync of the folder); the baseline writes the same
    // pages with a plain `fs::write`.
    let k = f.reps(1000, 20).min(n);
    let out = f.dir.path().join("export-bench");
    let pages: Vec<(String, String)> = articles[..k]
        .iter()
        .map(|a| {
            Ok((
                a.file_name(Format::Page),
                renderer.render(a, Format::Page, &options, now)?,
            ))
        })
        .collect::<Res<_>>()?;
    let exported = time(|| {
        export::export(&f.desk, &ids[..k], Format::Page, &options, Some(&out), now)?;
        Ok(())
    })?;
    let plain_dir = f.dir.path().join("export-bench-plain");
    std::fs::create_dir_all(&plain_dir)?;
    let plain = time(|| {
        for (name, page) in &pages {
            std::fs::write(plain_dir.join(name), page)?;
        }
        Ok(())
    })?;
    rows.push(Row::new(
        f.size,
        "export",
        format!("{k} files written atomically, files/s"),
        Value::Rate(k as f64 / exported.as_secs_f64()),
        Some(Value::Rate(k as f64 / plain.as_secs_f64())),
    ));
    std::fs::remove_dir_all(&out)?;
    std::fs::remove_dir_all(&plain_dir)?;

    // A 1 MB story, twice: as five thousand ordinary paragraphs, and as a single
    // paragraph of a megabyte. Time to render the page and write it atomically.
    let mut rng = Rng::new(f.seed ^ 0xE4B0);
    let mut paragraphs = Vec::new();
    let mut bytes = 0;
    while bytes < 1 << 20 {
        let p = f.gen.english_paragraph(&mut rng);
        bytes += p.len() + 2;
        paragraphs.push(p);
    }
    let one_paragraph = paragraphs.join(" ");
    for (label, segments) in [
        ("1 MB story of paragraphs", paragraphs.clone()),
        ("1 MB story, one paragraph", vec![one_paragraph]),
    ] {
        let mut article = articles.first().ok_or("no translated story")?.clone();
        article.story.segments = segments
            .iter()
            .enumerate()
            .map(|(i, text)| Segment {
                id: i as i64 + 1,
                no: i + 1,
                source: String::new(),
                target: text.clone(),
                state: dragoman_core::SegmentState::Done,
                related: None,
                previous_source: None,
                source_change: None,
            })
            .collect();
        let path = f.dir.path().join("one-megabyte.html");
        let (mut ours, mut raw) = (f64::MAX, f64::MAX);
        for _ in 0..f.reps(3, 1) {
            ours = ours.min(
                time(|| {
                    let page = renderer.render(&article, Format::Page, &options, now)?;
                    export::write_atomic(&path, page.as_bytes())?;
                    Ok(())
                })?
                .as_secs_f64(),
            );
            raw = raw.min(
                time(|| {
                    for md in &segments {
                        std::hint::black_box(raw_html(md));
                    }
                    Ok(())
                })?
                .as_secs_f64(),
            );
        }
        rows.push(
            Row::new(
                f.size,
                "export",
                format!("{label}: render + write"),
                Value::Millis(ours * 1e3),
                Some(Value::Millis(raw * 1e3)),
            )
            .target(Target::MillisAtMost(1000.0)),
        );
    }
    Ok(rows)
}
