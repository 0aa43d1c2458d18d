//! `dragoman export ID... | --all-published`: publishable files from the desk,
//! through the same core path as the desktop's preview and "Publish and export".

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use dragoman_core::export::{self, Format, Options};
use dragoman_core::{Desk, Error};

use crate::output::Out;

#[derive(clap::Args)]
pub struct ExportArgs {
    /// The stories to export.
    #[arg(value_name = "ID")]
    ids: Vec<i64>,
    /// Export every published story.
    #[arg(long, conflicts_with = "ids")]
    all_published: bool,
    /// The folder to write to (default: the export_dir setting).
    #[arg(long = "out", value_name = "DIR")]
    out_dir: Option<PathBuf>,
    /// page (a standalone HTML document), fragment (the article body, for a CMS)
    /// or json (the story with workflow and verification, NINJS-style).
    #[arg(long, value_name = "FORMAT", default_value = "page")]
    format: String,
    /// Export stories that are not published yet, marked as previews.
    #[arg(long)]
    preview: bool,
}

pub fn run(desk: &Desk, args: ExportArgs, now: DateTime<Utc>, out: &Out) -> Result<(), Error> {
    let format: Format = args.format.parse()?;
    let ids = if args.all_published {
        export::published(desk)?
    } else if args.ids.is_empty() {
        return Err(Error::InvalidInput(
            "name the stories to export (`dragoman export 3 4`) or pass --all-published".into(),
        ));
    } else {
        args.ids
    };
    let options = Options {
        preview: args.preview,
    };
    let written = export::export(desk, &ids, format, &options, args.out_dir.as_deref(), now)?;
    out.exported(&written);
    Ok(())
}
