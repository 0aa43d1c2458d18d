//! The export templates: built-in ones compiled into the binary, overridden file by
//! file by a user's template folder. Every template is compiled when the set is
//! loaded, so a broken one is reported before anything is rendered or written.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use minijinja::{AutoEscape, Environment, UndefinedBehavior, Value};

use crate::error::{Error, Result};

/// The built-in templates, by the name a user's file must have to replace one.
pub const BUILT_IN: &[(&str, &str)] = &[
    ("page.html", include_str!("../../templates/page.html")),
    (
        "fragment.html",
        include_str!("../../templates/fragment.html"),
    ),
    ("style.css", include_str!("../../templates/style.css")),
];

/// A user template larger than this is refused: templates are a page's frame,
/// and reading a huge file by mistake should not stall an export.
const MAX_TEMPLATE_BYTES: u64 = 1024 * 1024;

/// The compiled templates and where each user template came from, so errors can
/// name the file a person has to fix.
pub struct Templates {
    env: Environment<'static>,
    user_files: HashMap<String, PathBuf>,
}

impl Templates {
    /// The built-in templates, each replaced by a file of the same name in `user_dir`.
    pub fn load(user_dir: Option<&Path>) -> Result<Templates> {
        let mut env = Environment::new();
        env.set_syntax(
            minijinja::syntax::SyntaxConfig::builder()
                .trim_blocks(true)
                .lstrip_blocks(true)
                .keep_trailing_newline(true)
                .build()
                .expect("the default delimiters are valid"),
        );
        // A misspelt variable in a user template is an error with its line, not a
        // silently empty spot in a published page.
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_auto_escape_callback(|name| {
            if name.ends_with(".html") || name.ends_with(".htm") || name.ends_with(".xml") {
                AutoEscape::Html
            } else {
                AutoEscape::None
            }
        });
        let mut templates = Templates {
            env,
            user_files: HashMap::new(),
        };
        let mut sources: Vec<(String, String)> = BUILT_IN
            .iter()
            .map(|(name, source)| (name.to_string(), source.to_string()))
            .collect();
        if let Some(dir) = user_dir {
            for (name, path, source) in read_user_dir(dir)? {
                match sources.iter_mut().find(|(n, _)| *n == name) {
                    Some(entry) => entry.1 = source,
                    None => sources.push((name.clone(), source)),
                }
                templates.user_files.insert(name, path);
            }
        }
        for (name, source) in sources {
            if let Err(e) = templates.env.add_template_owned(name, source) {
                return Err(templates.error(&e));
            }
        }
        Ok(templates)
    }

    /// Renders the template `name` with `context`.
    pub fn render(&self, name: &str, context: Value) -> Result<String> {
        let template = self.env.get_template(name).map_err(|e| self.error(&e))?;
        template.render(context).map_err(|e| self.error(&e))
    }

    /// An engine error as the crate's error: the innermost template that failed,
    /// named by its file when it is a user's, with its line.
    fn error(&self, e: &minijinja::Error) -> Error {
        let mut inner = e;
        let mut source = std::error::Error::source(e);
        while let Some(s) = source {
            if let Some(m) = s.downcast_ref::<minijinja::Error>() {
                if m.name().is_some() {
                    inner = m;
                }
            }
            source = s.source();
        }
        let name = inner.name().unwrap_or("template");
        let shown = match self.user_files.get(name) {
            Some(path) => path.display().to_string(),
            None => format!("{name} (built-in)"),
        };
        let message = match inner.detail() {
            Some(detail) => format!("{}: {detail}", inner.kind()),
            None => inner.kind().to_string(),
        };
        Error::Template {
            name: shown,
            line: inner.line().unwrap_or(0),
            message,
        }
    }
}

/// Every template file in `dir` (not its subfolders): name, path and text.
fn read_user_dir(dir: &Path) -> Result<Vec<(String, PathBuf, String)>> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        Error::io(
            dir,
            std::io::Error::new(
                e.kind(),
                format!(
                    "the template folder cannot be read ({e}); fix the setting template_dir \
                     or set it empty to use the built-in templates"
                ),
            ),
        )
    })?;
    let mut found = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let path = entry.path();
        let Some(name) = path
            .file_name()
            .and_then(|n| n.to_str())
            .map(str::to_string)
        else {
            continue;
        };
        // Editors' backup and hidden files are not templates.
        if name.starts_with('.') || name.ends_with('~') || !path.is_file() {
            continue;
        }
        let size = entry.metadata().map_err(|e| Error::io(&path, e))?.len();
        if size > MAX_TEMPLATE_BYTES {
            return Err(Error::Template {
                name: path.display().to_string(),
                line: 0,
                message: format!("the file is {size} bytes; a template may be at most 1 MiB"),
            });
        }
        let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
        let text = String::from_utf8(bytes).map_err(|e| Error::Template {
            name: path.display().to_string(),
            line: 0,
            message: format!("the file is not UTF-8 text ({e}); save it as UTF-8"),
        })?;
        found.push((name, path, text));
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use minijinja::context;

    #[test]
    fn html_templates_escape_and_css_does_not() {
        let mut t = Templates::load(None).unwrap();
        t.env.add_template("probe.html", "{{ x }}").unwrap();
        t.env.add_template("probe.css", "{{ x }}").unwrap();
        assert_eq!(
            t.render("probe.html", context! { x => "<b>\"'&" }).unwrap(),
            "&lt;b&gt;&quot;&#x27;&amp;"
        );
        assert_eq!(
            t.render("probe.css", context! { x => "a > b" }).unwrap(),
            "a > b"
        );
    }

    #[test]
    fn a_user_file_replaces_the_built_in_of_its_name() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("style.css"), "body { color: red; }").unwrap();
        std::fs::write(dir.path().join("notes.txt~"), "{{ broken").unwrap();
        let t = Templates::load(Some(dir.path())).unwrap();
        assert_eq!(
            t.render("style.css", context! {}).unwrap(),
            "body { color: red; }"
        );
    }

    #[test]
    fn a_broken_user_template_names_its_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fragment.html");
        std::fs::write(&path, "<div>\n<p>\n{% if x %}\n{{ x }</p>\n").unwrap();
        let err = Templates::load(Some(dir.path())).err().expect("refused");
        assert_eq!(err.code(), "template");
        let message = err.to_string();
        assert!(message.contains(&path.display().to_string()), "{message}");
        match err {
            Error::Template { line, .. } => assert_eq!(line, 4, "{message}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn an_unknown_variable_in_an_included_template_is_reported_there() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("page.html"),
            "<main>\n{% include \"fragment.html\" %}\n</main>\n",
        )
        .unwrap();
        let path = dir.path().join("fragment.html");
        std::fs::write(&path, "<div>\n{{ headlin }}\n</div>\n").unwrap();
        let t = Templates::load(Some(dir.path())).unwrap();
        let err = t
            .render("page.html", context! { headline => "x" })
            .unwrap_err();
        match &err {
            Error::Template { name, line, .. } => {
                assert_eq!(name, &path.display().to_string(), "{err}");
                assert_eq!(*line, 2, "{err}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_missing_template_folder_is_an_io_error_that_says_what_to_do() {
        let dir = tempfile::tempdir().unwrap();
        let err = Templates::load(Some(&dir.path().join("nope")))
            .err()
            .expect("refused");
        assert_eq!(err.code(), "io");
        assert!(err.to_string().contains("template_dir"), "{err}");
    }
}
