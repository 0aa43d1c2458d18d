//! The `json` format: the story as a NINJS-style news item (IPTC's JSON for news),
//! with the desk's own workflow and verification data under `dragoman`.
//!
//! `body_html` is the same fragment the `fragment` format writes, so a CMS that
//! takes JSON gets exactly the body, disclaimer included, that a page shows.

use chrono::{DateTime, Utc};
use serde_json::{json, Map, Value};

use super::view::{file_stem, web_url, PageFacts};
use super::{markdown, Article, Options};
use crate::model::RelatedStory;

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
    let mut item = Map::new();
    item.insert(
        "uri".into(),
        json!(format!("urn:dragoman:story:{}", story.id)),
    );
    item.insert("type".into(), json!("text"));
    item.insert("mimetype".into(), json!("text/html"));
    item.insert("representationtype".into(), json!("complete"));
    item.insert("version".into(), json!(story.version.to_string()));
    item.insert("firstcreated".into(), json!(story.created_at));
    item.insert("versioncreated".into(), json!(facts.modified));
    if let Some(first) = &story.first_published_at {
        item.insert("firstpublished".into(), json!(first));
    }
    item.insert(
        "pubstatus".into(),
        json!(if options.preview {
            "withheld"
        } else {
            "usable"
        }),
    );
    item.insert("language".into(), json!(story.language));
    item.insert("slugline".into(), json!(story.slug));
    item.insert("headline".into(), json!(story.headline));
    item.insert("description_text".into(), json!(facts.description));
    item.insert(
        "description_html".into(),
        json!(markdown::to_html(&story.standfirst)),
    );
    item.insert("body_html".into(), json!(body_html));
    item.insert("keywords".into(), json!(story.keywords));
    if !facts.credit.is_empty() {
        item.insert("by".into(), json!(facts.credit));
    }
    if !facts.publication.is_empty() {
        item.insert("copyrightholder".into(), json!(facts.publication));
    }
    let mut infosource = Map::new();
    infosource.insert("name".into(), json!(source.name));
    infosource.insert("role".into(), json!("originalSource"));
    if let Some(url) = web_url(&source.url) {
        infosource.insert("uri".into(), json!(url));
    }
    item.insert("infosource".into(), json!([infosource]));
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
    let associations: Map<String, Value> = linked
        .iter()
        .enumerate()
        .map(|(i, link)| {
            (
                format!("related{}", i + 1),
                json!({
                    "uri": format!("urn:dragoman:story:{}", link.id),
                    "type": "text",
                    "headline": link.headline,
                    "slugline": link.slug,
                    "href": format!("{}.html", file_stem(&link.slug, link.id)),
                }),
            )
        })
        .collect();
    if !associations.is_empty() {
        item.insert("associations".into(), Value::Object(associations));
    }
    item.insert(
        "dragoman".into(),
        json!({
            "id": story.id,
            "status": story.status,
            "verification": story.verification,
            "version": story.version,
            "preview": options.preview,
            "generated_at": crate::desk::stamp(now),
            "disclaimer": facts.disclaimer,
            "credits": story.credits,
            "source": source,
            "published_at": story.published_at,
            "corrections": story.corrections,
            "history": story.history,
        }),
    );
    serde_json::to_string_pretty(&Value::Object(item)).expect("JSON values serialise") + "\n"
}
