//! What the templates see: a story turned into display values. Text fields stay
//! text (the templates escape them); the only HTML handed over is what came out
//! of the Markdown path and the script-safe JSON-LD, marked safe here and nowhere
//! else.

use chrono::{DateTime, Utc};
use minijinja::{context, Value};

use super::facts::{file_stem, web_url, PageFacts};
use super::{jsonld, markdown, Article, Format, Options};
use crate::error::{Error, Result};
use crate::text;

/// The template context for one story.
pub fn context(
    facts: &PageFacts<'_>,
    article: &Article,
    options: &Options,
    format: Format,
    now: DateTime<Utc>,
) -> Result<Value> {
    let story = facts.story;
    let mut body = Vec::with_capacity(story.segments.len());
    // Consecutive paragraphs are sanitized together: one parse per run of text
    // instead of one per segment, with the same result.
    let mut run = String::new();
    let flush = |run: &mut String, body: &mut Vec<Value>| {
        if !run.is_empty() {
            let mut html = markdown::clean(run);
            html.truncate(html.trim_end().len());
            body.push(context! { kind => "text", html => Value::from_safe_string(html) });
            run.clear();
        }
    };
    for seg in &story.segments {
        if let Some(related) = seg.related {
            let link = article.links.get(&related).ok_or_else(|| {
                Error::invalid(format!(
                    "segment {} is a Read Also line to story {related}, which is not on the desk; \
                     delete the segment or point it at another story",
                    seg.no
                ))
            })?;
            flush(&mut run, &mut body);
            body.push(context! {
                kind => "read_also",
                href => format!("{}.html", file_stem(&link.slug, link.id)),
                headline => link.headline.trim(),
            });
        } else if !seg.target.trim().is_empty() {
            if !run.is_empty() {
                run.push('\n');
            }
            run.push_str(markdown::comrak_html(&seg.target).trim_end());
        } else if options.preview && !seg.source.trim().is_empty() {
            flush(&mut run, &mut body);
            body.push(context! { kind => "missing", no => seg.no });
        }
    }
    flush(&mut run, &mut body);
    let corrections: Vec<Value> = story
        .corrections
        .iter()
        .filter(|c| options.preview || c.published_at.is_some())
        .map(|c| {
            let date = match &c.published_at {
                Some(at) => at.get(..10).unwrap_or(at).to_string(),
                None => "not yet published".to_string(),
            };
            context! { note => c.note.trim(), date => date }
        })
        .collect();
    let source = &story.source;
    let source_language = source.language.trim();
    let lang = match story.language.trim() {
        "" => "und",
        l => l,
    };
    let standfirst = if story.standfirst.trim().is_empty() {
        String::new()
    } else {
        markdown::to_html(&story.standfirst).trim_end().to_string()
    };
    let json_ld = match format {
        Format::Page => jsonld::news_article(facts),
        Format::Fragment | Format::Json => String::new(),
    };
    Ok(context! {
        lang => lang,
        dir => text::direction(lang),
        title => &facts.title,
        description => &facts.description,
        publication => facts.publication,
        preview => options.preview,
        generated_at => crate::desk::stamp(now),
        // For people: the preview notice reads a date, not a timestamp.
        generated_label => now.format("%-d %B %Y, %H:%M UTC").to_string(),
        format => format.as_str(),
        headline => story.headline.trim(),
        standfirst_html => Value::from_safe_string(standfirst),
        body => body,
        corrections => corrections,
        disclaimer => facts.disclaimer,
        keywords => &story.keywords,
        translator => story.credits.translator.trim(),
        editor => story.credits.editor.trim(),
        credit => &facts.credit,
        source => context! {
            name => source.name.trim(),
            url => web_url(&source.url).unwrap_or(""),
            language => source_language,
            dir => if source_language.is_empty() { "auto" } else { text::direction(source_language) },
            headline => source.headline.trim(),
            date => source.date.trim(),
            author => source.author.trim(),
        },
        json_ld => Value::from_safe_string(json_ld),
    })
}
