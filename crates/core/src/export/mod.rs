//! Publishable export: a story as a standalone HTML page, as an HTML fragment for
//! a CMS, or as NINJS-style JSON. The `dragoman export` command, the desktop's
//! preview pane, its "Publish and export" and the settings' live disclaimer
//! preview all come through here, so what a person previews is what ships.
//!
//! The path: [`Article::load`] reads a story and the stories its Read Also lines
//! link; [`ExportSettings::from_desk`] reads the publication, disclaimer texts and
//! folders; a [`Renderer`] compiles the templates once (built-in, or a user's
//! folder overriding them) and renders any number of stories; [`write_atomic`]
//! puts each file in place whole or not at all. [`render`] and [`export`] chain
//! these for the common cases.
//!
//! Nothing a person types reaches a page as markup: Markdown goes through comrak
//! with raw HTML omitted and then through a sanitizer ([`markdown`]), every other
//! field is escaped by the template engine, and the JSON-LD block is escaped for
//! its script context ([`jsonld`]).

mod facts;
pub mod jsonld;
pub mod markdown;
mod ninjs;
pub mod templates;
mod view;

use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use chrono::{DateTime, Utc};
use rusqlite::OptionalExtension;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::model::{RelatedStory, Status, Story, Verification};
use crate::store::Desk;

pub use facts::{credit, file_stem, web_url};

/// What an export produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// A standalone HTML5 document.
    Page,
    /// The article body only (body, Read Also lines, corrections, disclaimer), for a CMS.
    Fragment,
    /// The story with workflow and verification data, NINJS-style.
    Json,
}

impl Format {
    pub const ALL: &'static [Format] = &[Format::Page, Format::Fragment, Format::Json];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Page => "page",
            Format::Fragment => "fragment",
            Format::Json => "json",
        }
    }

    /// What follows the slug in the file name; a fragment gets its own so it can
    /// sit beside the page of the same story.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Page => "html",
            Format::Fragment => "fragment.html",
            Format::Json => "json",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Format {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "page" | "html" => Ok(Format::Page),
            "fragment" => Ok(Format::Fragment),
            "json" | "ninjs" => Ok(Format::Json),
            other => Err(Error::invalid(format!(
                "unknown export format '{other}'; use one of: page, fragment, json"
            ))),
        }
    }
}

/// How to export.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Render a story whatever its status, marked in the output as a preview.
    /// Without it only published stories export, and only with a publication name.
    pub preview: bool,
}

/// The publication's name and the disclaimer texts, each with `{publication}`
/// standing for the name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publication {
    pub name: String,
    pub disclaimer_translated: String,
    pub disclaimer_not_verified: String,
}

/// Everything export takes from the settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportSettings {
    pub publication: Publication,
    /// A folder whose files replace the built-in templates of the same name.
    pub template_dir: Option<PathBuf>,
    /// Where exported files go unless a folder is given.
    pub export_dir: PathBuf,
}

impl ExportSettings {
    /// The settings as stored on the desk (defaults where nothing was set).
    pub fn from_desk(desk: &Desk) -> Result<ExportSettings> {
        let template_dir = desk.setting("template_dir")?;
        Ok(ExportSettings {
            publication: Publication {
                name: desk.setting("publication")?,
                disclaimer_translated: desk.setting("disclaimer_translated")?,
                disclaimer_not_verified: desk.setting("disclaimer_not_verified")?,
            },
            template_dir: (!template_dir.trim().is_empty())
                .then(|| PathBuf::from(template_dir.trim())),
            export_dir: PathBuf::from(desk.setting("export_dir")?),
        })
    }
}

/// A story and the stories its Read Also lines and related list point to, by id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    pub story: Story,
    pub links: BTreeMap<i64, RelatedStory>,
}

impl Article {
    /// Reads a story and every story it links.
    pub fn load(desk: &Desk, id: i64) -> Result<Article> {
        let story = desk.story(id)?;
        let mut links: BTreeMap<i64, RelatedStory> =
            story.related.iter().map(|r| (r.id, r.clone())).collect();
        // A Read Also line keeps its target even when the editor later replaced
        // the related list, so those targets are looked up one by one. A story
        // that is gone is left out: rendering reports the dangling line with its
        // segment number.
        for related in story.segments.iter().filter_map(|s| s.related) {
            if links.contains_key(&related) {
                continue;
            }
            if let Some(link) = linked_story(desk, related)? {
                links.insert(related, link);
            }
        }
        Ok(Article { story, links })
    }

    /// The file this article exports to in `format`.
    pub fn file_name(&self, format: Format) -> String {
        format!(
            "{}.{}",
            file_stem(&self.story.slug, self.story.id),
            format.extension()
        )
    }
}

/// What a Read Also line shows of the story it points to, from that story's row
/// alone: a link needs the slug and a headline, not the other story's segments
/// and history. The headline is the translation's, or the source's while the
/// translation has none, as in the related list.
fn linked_story(desk: &Desk, id: i64) -> Result<Option<RelatedStory>> {
    let row = desk
        .conn
        .prepare_cached("SELECT slug, headline, source_headline, status FROM story WHERE id = ?1")?
        .query_row([id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })
        .optional()?;
    let Some((slug, headline, source_headline, status)) = row else {
        return Ok(None);
    };
    Ok(Some(RelatedStory {
        id,
        slug,
        headline: if headline.trim().is_empty() {
            source_headline
        } else {
            headline
        },
        status: status.parse()?,
    }))
}

/// The disclaimer of a story with this verification: the translated text, and
/// unless the story is verified the not-verified text, with the publication's
/// name in place of `{publication}`. An unreviewed story (seen only in previews)
/// gets both sentences, the cautious reading.
///
/// The desktop's settings pane calls this with the texts being typed, for its
/// live preview.
pub fn disclaimer(publication: &Publication, verification: Verification) -> String {
    let name = match publication.name.trim() {
        "" => "[publication name not set]",
        name => name,
    };
    let mut texts = vec![publication.disclaimer_translated.as_str()];
    if verification != Verification::Verified {
        texts.push(publication.disclaimer_not_verified.as_str());
    }
    texts
        .into_iter()
        .map(|t| t.replace("{publication}", name).trim().to_string())
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Compiled templates and the publication, ready to render many stories.
pub struct Renderer {
    templates: templates::Templates,
    publication: Publication,
    /// The disclaimer for each verification, worked out once: it depends only on
    /// the publication, and an export renders many stories.
    disclaimers: Vec<(Verification, String)>,
}

impl Renderer {
    /// Compiles the templates; a broken user template is an [`Error::Template`]
    /// naming the file and line, before anything is rendered.
    pub fn new(settings: &ExportSettings) -> Result<Renderer> {
        let publication = settings.publication.clone();
        let disclaimers = Verification::ALL
            .iter()
            .map(|&v| (v, disclaimer(&publication, v)))
            .collect();
        Ok(Renderer {
            templates: templates::Templates::load(settings.template_dir.as_deref())?,
            publication,
            disclaimers,
        })
    }

    /// [`disclaimer`] for `verification`, from the texts worked out in [`Renderer::new`].
    fn disclaimer(&self, verification: Verification) -> &str {
        self.disclaimers
            .iter()
            .find(|(v, _)| *v == verification)
            .map(|(_, text)| text.as_str())
            .expect("Renderer::new works out the disclaimer of every verification")
    }

    /// One story in one format. Refuses a story that is not published, or a
    /// publication without a name, unless `options.preview`.
    pub fn render(
        &self,
        article: &Article,
        format: Format,
        options: &Options,
        now: DateTime<Utc>,
    ) -> Result<String> {
        let story = &article.story;
        if !options.preview {
            if story.status != Status::Published {
                return Err(Error::ExportUnpublished {
                    story: story.id,
                    status: story.status,
                });
            }
            if self.publication.name.trim().is_empty() {
                return Err(Error::PublicationUnset);
            }
        }
        let facts = facts::PageFacts::new(
            article,
            &self.publication,
            self.disclaimer(story.verification),
        );
        let context = view::context(&facts, article, options, format, now)?;
        match format {
            Format::Page => self.templates.render("page.html", context),
            Format::Fragment => self.templates.render("fragment.html", context),
            Format::Json => {
                let body = self.templates.render("fragment.html", context)?;
                Ok(ninjs::document(&facts, article, options, &body, now))
            }
        }
    }
}

/// One story rendered from the desk's settings: the desktop's preview pane calls
/// this with `preview`, its export with the same arguments less `preview`.
pub fn render(
    desk: &Desk,
    id: i64,
    format: Format,
    options: &Options,
    now: DateTime<Utc>,
) -> Result<String> {
    let settings = ExportSettings::from_desk(desk)?;
    let renderer = Renderer::new(&settings)?;
    renderer.render(&Article::load(desk, id)?, format, options, now)
}

/// A file that an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Exported {
    pub id: i64,
    pub slug: String,
    pub format: Format,
    pub path: PathBuf,
    pub bytes: usize,
}

/// The ids of every published story, oldest first.
pub fn published(desk: &Desk) -> Result<Vec<i64>> {
    let filter = crate::desk::StoryFilter {
        status: Some(Status::Published),
        ..Default::default()
    };
    let mut ids: Vec<i64> = desk.list(&filter)?.into_iter().map(|s| s.id).collect();
    ids.sort_unstable();
    Ok(ids)
}

/// Renders the stories `ids` and writes one file each into `out_dir` (or the
/// export folder in settings). Every story is rendered before the first file is
/// written, so a refusal or a template error writes nothing; each file is then
/// replaced atomically.
pub fn export(
    desk: &Desk,
    ids: &[i64],
    format: Format,
    options: &Options,
    out_dir: Option<&Path>,
    now: DateTime<Utc>,
) -> Result<Vec<Exported>> {
    let settings = ExportSettings::from_desk(desk)?;
    let renderer = Renderer::new(&settings)?;
    let dir = out_dir.unwrap_or(&settings.export_dir);
    if dir.as_os_str().is_empty() {
        return Err(Error::invalid(
            "there is no export folder; name one, or set the export_dir setting",
        ));
    }
    let mut rendered = Vec::with_capacity(ids.len());
    let mut seen = HashSet::with_capacity(ids.len());
    for &id in ids {
        if !seen.insert(id) {
            continue;
        }
        let article = Article::load(desk, id)?;
        let text = renderer.render(&article, format, options, now)?;
        rendered.push((article, text));
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut written = Vec::with_capacity(rendered.len());
    for (article, text) in rendered {
        let path = dir.join(article.file_name(format));
        write_atomic(&path, text.as_bytes())?;
        written.push(Exported {
            id: article.story.id,
            slug: article.story.slug,
            format,
            bytes: text.len(),
            path,
        });
    }
    Ok(written)
}

/// Checks that files can be written into `dir` now, without making it: where it
/// exists, a file is created in it and removed; where it does not, the same is
/// done in the nearest folder above it that exists, where `export` would make
/// it. What would stop an export is found before anything that cannot be undone
/// (publishing) happens, and a refusal leaves no folder behind.
pub fn check_folder(dir: &Path) -> Result<()> {
    if dir.as_os_str().is_empty() {
        return Err(Error::invalid(
            "there is no export folder; set export_dir in settings (or choose one in the app's settings)",
        ));
    }
    let mut existing = dir;
    while !existing.exists() {
        existing = match existing.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
    }
    if !existing.is_dir() {
        return Err(Error::invalid(format!(
            "the export folder {} cannot be made: {} is a file, not a folder; choose another export folder in settings",
            dir.display(),
            existing.display()
        )));
    }
    let probe = existing.join(format!(".dragoman-check-{}", std::process::id()));
    std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(&probe)
        .map_err(|e| Error::io(existing, e))?;
    std::fs::remove_file(&probe).map_err(|e| Error::io(&probe, e))
}

/// Writes `contents` to `path` so that a reader sees the old file or the new one,
/// never a part: a temporary file in the same folder, flushed to disk, renamed
/// over `path`, and the folder flushed so the rename itself survives a power cut.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| Error::invalid(format!("{} is not a file name", path.display())))?;
    // A new file with a random name, created exclusively: a name another user
    // could guess and plant (a symlink to a file of theirs) is never opened. A
    // failure on the way removes it (tempfile's drop).
    let result = (|| -> std::io::Result<()> {
        let mut file = tempfile::Builder::new()
            .prefix(&format!(".{}.", name.to_string_lossy()))
            .suffix(".tmp")
            .tempfile_in(dir)?;
        file.write_all(contents)?;
        file.as_file().sync_all()?;
        file.persist(path).map_err(|e| e.error)?;
        #[cfg(unix)]
        std::fs::File::open(dir)?.sync_all()?;
        Ok(())
    })();
    result.map_err(|e| Error::io(path, e))
}

#[cfg(test)]
mod tests;
