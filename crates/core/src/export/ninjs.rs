//! The `json` format: the story as a NINJS-style news item (IPTC's JSON for news),
//! with the desk's own workflow and verification data under `dragoman`.
//!
//! `body_html` is the same fragment the `fragment` format writes, so a CMS that
//! takes JSON gets exactly the body, disclaimer included, that a page shows.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::facts::{file_stem, web_url, PageFacts};
use super::{markdown, Article, Options};
use crate::model::{Correction, Credits, HistoryEntry, RelatedStory, Source, Status, Verification};

/// A NINJS news item, field by field in the order it is written.
#[derive(Serialize)]
struct Item<'a> {
    uri: String,
    r#type: &'static str,
    mimetype: &'static str,
    representationtype: &'static str,
    version: String,
    firstcreated: &'a str,
    versioncreated: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    firstpublished: Option<&'a str>,
    pubstatus: &'static str,
    language: &'a str,
    slugline: &'a str,
    headline: &'a str,
    description_text: &'a str,
    description_html: String,
    body_html: &'a str,
    keywords: &'a [String],
    #[serde(skip_serializing_if = "str::is_empty")]
    by: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    copyrightholder: &'a str,
    infosource: [InfoSource<'a>; 1],
    /// `related1`, `related2`… in the order of the links, which a sorted map
    /// would break from the tenth on.
    #[serde(skip_serializing_if = "serde_json::Map::is_empty")]
    associations: serde_json::Map<String, serde_json::Value>,
    dragoman: Desk<'a>,
}

#[derive(Serialize)]
struct InfoSource<'a> {
    name: &'a str,
    role: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri: Option<&'a str>,
}

#[derive(Serialize)]
struct Association<'a> {
    uri: String,
    r#type: &'static str,
    headline: &'a str,
    slugline: &'a str,
    href: String,
}

/// The desk's own data about the story: workflow, verification, history.
#[derive(Serialize)]
struct Desk<'a> {
    id: i64,
    status: Status,
    verification: Verification,
    version: i64,
    preview: bool,
    generated_at: String,
    disclaimer: &'a str,
    credits: &'a Credits,
    source: &'a Source,
    published_at: &'a Option<String>,
    corrections: &'a [Correction],
    history: &'a [HistoryEntry],
}

/// The JSON document, pretty-printed.
pub fn document(
    facts: &PageFacts<'_>,
    article: &Article,
    options: &Options,
    body_html: &str,
    now: DateTime<Utc>,
) -> String {
    let story = facts.story;
    let source = &story.source;
    // Read Also targets first, in the order they appear, then the other related stories.
    let mut linked: Vec<&RelatedStory> = Vec::new();
    let ids = story
        .segments
        .iter()
        .filter_map(|s| s.related)
        .chain(story.related.iter().map(|r| r.id));
    for id in ids {
        if let Some(link) = article.links.get(&id) {
            if !linked.iter().any(|l| l.id == id) {
                linked.push(link);
            }
        }
    }
    let associations = linked
        .iter()
        .enumerate()
        .map(|(i, link)| {
            (
                format!("related{}", i + 1),
                serde_json::to_value(Association {
                    uri: format!("urn:dragoman:story:{}", link.id),
                    r#type: "text",
                    headline: &link.headline,
                    slugline: &link.slug,
                    href: format!("{}.html", file_stem(&link.slug, link.id)),
                })
                .expect("JSON values serialise"),
            )
        })
        .collect();
    let item = Item {
        uri: format!("urn:dragoman:story:{}", story.id),
        r#type: "text",
        mimetype: "text/html",
        representationtype: "complete",
        version: story.version.to_string(),
        firstcreated: &story.created_at,
        versioncreated: facts.modified,
        firstpublished: story.first_published_at.as_deref(),
        pubstatus: if options.preview {
            "withheld"
        } else {
            "usable"
        },
        language: &story.language,
        slugline: &story.slug,
        headline: &story.headline,
        description_text: &facts.description,
        description_html: markdown::to_html(&story.standfirst),
        body_html,
        keywords: &story.keywords,
        by: &facts.credit,
        copyrightholder: facts.publication,
        infosource: [InfoSource {
            name: &source.name,
            role: "originalSource",
            uri: web_url(&source.url),
        }],
        associations,
        dragoman: Desk {
            id: story.id,
            status: story.status,
            verification: story.verification,
            version: story.version,
            preview: options.preview,
            generated_at: crate::desk::stamp(now),
            disclaimer: facts.disclaimer,
            credits: &story.credits,
            source,
            published_at: &story.published_at,
            corrections: &story.corrections,
            history: &story.history,
        },
    };
    serde_json::to_string_pretty(&item).expect("JSON values serialise") + "\n"
}
