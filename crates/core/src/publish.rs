//! "Publish and export" as one step, as the desktop's button does it: the move to
//! published and the page written to the export folder, with the fragment for a
//! CMS. Everything that could stop the page from being written is checked before
//! the story is published, so a refusal leaves the story where it was.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::desk::Saved;
use crate::error::{Error, Result};
use crate::export::{self, ExportSettings, Format, Options, Publication, Renderer};
use crate::model::{Actor, Status, Verification};
use crate::store::Desk;

/// What "Publish and export" produced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct PublishedPage {
    pub saved: Saved,
    /// The page in the export folder.
    pub path: PathBuf,
    /// The article body, for pasting into a CMS.
    pub fragment: String,
}

/// Publishes story `id` (unless it already is: then it is exported again, which
/// anyone may do) and writes its page to the export folder.
///
/// Before the move: the publication name must be set, the templates must
/// compile and the export folder must take a file, since the page could not be
/// written otherwise. The move itself is checked by the workflow as any other
/// move; `over_checks` is an editor's reason to publish over the checks' errors.
pub fn publish_and_export(
    desk: &mut Desk,
    id: i64,
    expected: Option<i64>,
    over_checks: Option<&str>,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<PublishedPage> {
    let settings = ExportSettings::from_desk(desk)?;
    if settings.publication.name.trim().is_empty() {
        return Err(Error::PublicationUnset);
    }
    Renderer::new(&settings)?;
    export::check_folder(&settings.export_dir)?;
    let story = desk.story(id)?;
    let again = crate::workflow::check_export_again(story.status, id).is_ok();
    let saved = if again && expected.is_none_or(|v| v == story.version) {
        Saved {
            id,
            version: story.version,
        }
    } else {
        match over_checks {
            Some(reason) => desk.publish_over_checks(id, expected, reason, actor, now)?,
            None => desk.move_to(id, expected, Status::Published, None, actor, now)?,
        }
    };
    let options = Options::default();
    // The folder took a file a moment ago; if writing fails now (the disk filled
    // up meanwhile), the story is published all the same, and the error says so
    // and how to write the page.
    let written =
        export::export(desk, &[id], Format::Page, &options, None, now).map_err(|e| match e {
            Error::Io { .. } => Error::PublishedUnwritten {
                story: id,
                reason: e.to_string(),
            },
            other => other,
        })?;
    let fragment = export::render(desk, id, Format::Fragment, &options, now)?;
    let path = written
        .into_iter()
        .next()
        .map(|e| e.path)
        .expect("one story exported, one file written");
    Ok(PublishedPage {
        saved,
        path,
        fragment,
    })
}

/// The page the desktop's preview pane shows: for a published story exactly the
/// file "Publish and export" wrote, for any other the same page marked as a
/// preview.
pub fn preview_page(desk: &Desk, id: i64, now: DateTime<Utc>) -> Result<String> {
    let published = desk.story(id)?.status == Status::Published;
    let options = Options {
        preview: !published,
    };
    export::render(desk, id, Format::Page, &options, now)
}

/// The disclaimer paragraph as a page shows it for a story that is not verified
/// (both sentences), from texts that may not be saved yet: the settings pane's
/// live preview.
pub fn disclaimer_preview(publication: &str, translated: &str, not_verified: &str) -> String {
    let text = export::disclaimer(
        &Publication {
            name: publication.to_string(),
            disclaimer_translated: translated.to_string(),
            disclaimer_not_verified: not_verified.to_string(),
        },
        Verification::NotVerified,
    );
    format!("<p class=\"disclaimer\">{}</p>", escape_html(&text))
}

fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest;
    use crate::model::{Role, Verification};
    use crate::settings::{
        FolderDefaults, DEFAULT_DISCLAIMER_NOT_VERIFIED, DEFAULT_DISCLAIMER_TRANSLATED,
    };
    use crate::StoryEdit;
    use chrono::TimeZone;

    fn at(minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2024, 5, 6, 9, minute, 0).unwrap()
    }

    /// A story that is edited and not verified: ready to publish.
    fn ready() -> (tempfile::TempDir, Desk, i64) {
        let dir = tempfile::tempdir().unwrap();
        let mut desk = Desk::open(&dir.path().join("d.db")).unwrap();
        desk.set_folder_defaults(FolderDefaults::under_home(dir.path()));
        let intake = ingest::parse_text(
            "t",
            ingest::Format::Plain,
            "عنوان الخبر\n\nالفقرة الأولى.\n\nالفقرة الثانية.",
        )
        .unwrap();
        let id = desk.import(&[intake], None, at(0)).unwrap()[0]
            .as_ref()
            .unwrap()
            .id;
        let rana = Actor::new("Rana", Role::Translator);
        let omar = Actor::new("Omar", Role::Editor);
        desk.translate(id, None, 1, "The first paragraph.", None, &rana, at(1))
            .unwrap();
        desk.translate(id, None, 2, "The second paragraph.", None, &rana, at(1))
            .unwrap();
        desk.move_to(id, None, Status::Translated, None, &rana, at(2))
            .unwrap();
        let edit = StoryEdit {
            headline: Some("The headline".into()),
            standfirst: Some("The standfirst, according to al-Watan.".into()),
            ..StoryEdit::default()
        };
        desk.edit(id, None, &edit, &omar, at(3)).unwrap();
        desk.move_to(id, None, Status::Edited, None, &omar, at(4))
            .unwrap();
        let lina = Actor::new("Lina", Role::Reviewer);
        desk.verify(
            id,
            None,
            Verification::NotVerified,
            "Checked the figures against the agency statement",
            &lina,
            at(5),
        )
        .unwrap();
        (dir, desk, id)
    }

    #[test]
    fn publishes_and_writes_the_page_with_the_disclaimer() {
        let (dir, mut desk, id) = ready();
        desk.set_setting("publication", "The Syrian Observer")
            .unwrap();
        let omar = Actor::new("Omar", Role::Editor);
        let version = desk.story(id).unwrap().version;
        let out = publish_and_export(&mut desk, id, Some(version), None, &omar, at(6)).unwrap();
        assert_eq!(out.saved.version, version + 1);
        assert!(out
            .path
            .starts_with(dir.path().join("Dragoman").join("Published")));
        let page = std::fs::read_to_string(&out.path).unwrap();
        assert!(page.contains("This article was translated and edited by The Syrian Observer."));
        assert!(page.contains("The Syrian Observer has not verified the content of this story."));
        assert!(out.fragment.contains("The first paragraph."));
        assert_eq!(desk.story(id).unwrap().status, Status::Published);

        // The preview of a published story is the exported page itself.
        assert_eq!(preview_page(&desk, id, at(6)).unwrap(), page);

        // Pressing it again exports again without another move.
        let again =
            publish_and_export(&mut desk, id, Some(out.saved.version), None, &omar, at(7)).unwrap();
        assert_eq!(again.saved, out.saved);
        assert_eq!(again.path, out.path);
    }

    #[test]
    fn an_unpublished_story_previews_marked_as_a_preview() {
        let (_dir, desk, id) = ready();
        let preview = preview_page(&desk, id, at(6)).unwrap();
        let page =
            export::render(&desk, id, Format::Page, &Options { preview: true }, at(6)).unwrap();
        assert_eq!(preview, page);
        assert_eq!(
            export::render(&desk, id, Format::Page, &Options::default(), at(6))
                .unwrap_err()
                .code(),
            "not_published"
        );
    }

    #[test]
    fn without_a_publication_name_nothing_is_published() {
        let (_dir, mut desk, id) = ready();
        let omar = Actor::new("Omar", Role::Editor);
        let before = desk.story(id).unwrap();
        let err = publish_and_export(&mut desk, id, Some(before.version), None, &omar, at(6))
            .unwrap_err();
        assert_eq!(err.code(), "publication_not_set");
        let after = desk.story(id).unwrap();
        assert_eq!(
            (after.status, after.version),
            (Status::Edited, before.version)
        );
    }

    #[test]
    fn a_refused_move_writes_no_page() {
        let (dir, mut desk, id) = ready();
        desk.set_setting("publication", "The Syrian Observer")
            .unwrap();
        let rana = Actor::new("Rana", Role::Translator);
        let err = publish_and_export(&mut desk, id, None, None, &rana, at(6)).unwrap_err();
        assert_eq!(err.code(), "forbidden");
        assert!(!dir.path().join("Dragoman").join("Published").exists());
    }

    #[test]
    fn an_export_folder_that_cannot_be_made_stops_the_move() {
        let (dir, mut desk, id) = ready();
        desk.set_setting("publication", "The Syrian Observer")
            .unwrap();
        // A file where the folder would go: the page could never be written.
        let in_the_way = dir.path().join("Published");
        std::fs::write(&in_the_way, "not a folder").unwrap();
        desk.set_setting("export_dir", in_the_way.join("2024").to_str().unwrap())
            .unwrap();
        let omar = Actor::new("Omar", Role::Editor);
        let before = desk.story(id).unwrap();
        let err = publish_and_export(&mut desk, id, Some(before.version), None, &omar, at(6))
            .unwrap_err();
        assert_eq!(err.code(), "invalid_input");
        assert!(err.to_string().contains("is a file, not a folder"), "{err}");
        let after = desk.story(id).unwrap();
        assert_eq!(
            (after.status, after.version),
            (Status::Edited, before.version),
            "the story was not published"
        );

        // With a folder that can be made, it is made and the page written.
        let fresh = dir.path().join("Out").join("Pages");
        desk.set_setting("export_dir", fresh.to_str().unwrap())
            .unwrap();
        let out =
            publish_and_export(&mut desk, id, Some(before.version), None, &omar, at(7)).unwrap();
        assert!(out.path.starts_with(&fresh));
        assert_eq!(
            std::fs::read_dir(&fresh).unwrap().count(),
            1,
            "only the page is left"
        );
    }

    #[test]
    fn the_disclaimer_preview_is_escaped_html() {
        let html = disclaimer_preview(
            "The Syrian Observer",
            DEFAULT_DISCLAIMER_TRANSLATED,
            DEFAULT_DISCLAIMER_NOT_VERIFIED,
        );
        assert!(html.starts_with("<p class=\"disclaimer\">This article was translated and edited by The Syrian Observer."));
        assert!(html.contains("lies entirely with the author.</p>"));
        let hostile = disclaimer_preview("<script>alert(1)</script>", "By {publication}.", "");
        assert_eq!(
            hostile,
            "<p class=\"disclaimer\">By &lt;script&gt;alert(1)&lt;/script&gt;.</p>"
        );
    }
}
