//! Each of the eight NTREX articles, Arabic as the source and English as its
//! translation, from import to published with the `dragoman` command only,
//! checking `show --json` at every step.

use dragoman_e2e::{corpus_dir, Desk};
use serde_json::Value;

struct Article {
    file: std::path::PathBuf,
    arabic: Vec<String>,
    english: Vec<String>,
}

fn articles() -> Vec<Article> {
    let dir = corpus_dir().join("ntrex");
    (1..=8)
        .map(|n| {
            let read = |lang: &str| -> Vec<String> {
                let path = dir.join(format!("{n:02}.{lang}.txt"));
                std::fs::read_to_string(&path)
                    .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_string)
                    .collect()
            };
            let (arabic, english) = (read("ar"), read("en"));
            assert_eq!(arabic.len(), english.len(), "article {n} is line-aligned");
            Article {
                file: dir.join(format!("{n:02}.ar.txt")),
                arabic,
                english,
            }
        })
        .collect()
}

/// Checks what every step must keep true, and returns the story.
fn show(desk: &Desk, id: i64, status: &str, verification: &str, version: i64) -> Value {
    let story = desk.json(["show", &id.to_string()]);
    assert_eq!(story["id"], id);
    assert_eq!(story["status"], status, "{story:#}");
    assert_eq!(story["verification"], verification);
    assert_eq!(
        story["version"], version,
        "every change bumps the version once"
    );
    assert_eq!(
        story["history"].as_array().unwrap().len() as i64,
        version,
        "one history row per change"
    );
    story
}

#[test]
fn every_article_goes_from_import_to_published() {
    let desk = Desk::new();
    desk.json(["settings", "publication", "The Syrian Observer"]);
    for (n, article) in articles().into_iter().enumerate() {
        let url = format!("https://alwatan.sy/{n}");
        let imported = desk.json([
            "import".as_ref(),
            article.file.as_os_str(),
            "--source".as_ref(),
            "al-Watan".as_ref(),
            "--url".as_ref(),
            url.as_ref(),
        ]);
        assert_eq!(imported[0]["created"], true);
        let id = imported[0]["id"].as_i64().unwrap();
        let segments = article.arabic.len() - 1;

        let story = show(&desk, id, "draft", "unreviewed", 1);
        assert_eq!(story["source"]["name"], "al-Watan");
        assert_eq!(story["source"]["language"], "ar");
        assert_eq!(story["source"]["url"], url);
        assert_eq!(story["source"]["headline"], article.arabic[0]);
        assert_eq!(story["headline"], "");
        let segs = story["segments"].as_array().unwrap();
        assert_eq!(segs.len(), segments);
        for (i, seg) in segs.iter().enumerate() {
            assert_eq!(seg["no"], i + 1);
            assert_eq!(seg["source"], article.arabic[i + 1]);
            assert_eq!(seg["target"], "");
            assert_eq!(seg["state"], "empty");
        }
        assert_eq!(story["history"][0]["action"], "import");

        // Importing the same file again is the same story.
        let again = desk.json(["import".as_ref(), article.file.as_os_str()]);
        assert_eq!(again[0]["id"], id);
        assert_eq!(again[0]["created"], false);

        let translator = ["--as", "Rana Haddad", "--role", "translator"];
        let editor = ["--as", "Omar Said", "--role", "editor"];
        let reviewer = ["--as", "Lina Aziz", "--role", "reviewer"];
        let sid = id.to_string();
        let mut version = 1;
        for (i, english) in article.english[1..].iter().enumerate() {
            let no = (i + 1).to_string();
            let saved =
                desk.json(
                    translator
                        .iter()
                        .copied()
                        .chain(["translate", &sid, &no, english]),
                );
            version += 1;
            assert_eq!(saved["version"], version);
            let story = show(&desk, id, "draft", "unreviewed", version);
            assert_eq!(story["segments"][i]["target"], *english);
            assert_eq!(story["segments"][i]["state"], "done");
            assert_eq!(story["progress"]["done"], i + 1);
        }

        desk.json(
            translator
                .iter()
                .copied()
                .chain(["move", &sid, "--to", "translated"]),
        );
        version += 1;
        let story = show(&desk, id, "translated", "unreviewed", version);
        assert_eq!(story["credits"]["translator"], "Rana Haddad");
        let last = story["history"].as_array().unwrap().last().unwrap().clone();
        assert_eq!(last["action"], "move");
        assert_eq!(last["from"], "draft");
        assert_eq!(last["to"], "translated");
        assert_eq!(last["actor"], "Rana Haddad");
        assert_eq!(last["role"], "translator");

        let standfirst = format!(
            "{}, according to al-Watan.",
            article.english[1].trim_end_matches('.')
        );
        desk.json(editor.iter().copied().chain([
            "edit",
            &sid,
            "--headline",
            &article.english[0],
            "--standfirst",
            &standfirst,
            "--keywords",
            "World, News ,, world",
        ]));
        version += 1;
        let story = show(&desk, id, "translated", "unreviewed", version);
        assert_eq!(story["headline"], article.english[0]);
        assert_eq!(story["standfirst"], standfirst);
        assert_eq!(story["keywords"], serde_json::json!(["World", "News"]));
        assert_ne!(
            story["slug"],
            format!("story-{id}"),
            "an English headline gives the story its slug"
        );

        desk.json(
            editor
                .iter()
                .copied()
                .chain(["move", &sid, "--to", "edited"]),
        );
        version += 1;
        let story = show(&desk, id, "edited", "unreviewed", version);
        assert_eq!(story["credits"]["editor"], "Omar Said");

        let verdict = if n % 2 == 0 {
            "--not-verified"
        } else {
            "--verified"
        };
        let expected = if n % 2 == 0 {
            "not_verified"
        } else {
            "verified"
        };
        desk.json(reviewer.iter().copied().chain([
            "verify",
            &sid,
            verdict,
            "--note",
            "Compared the figures with the agency's statement",
        ]));
        version += 1;
        let story = show(&desk, id, "edited", expected, version);
        assert_eq!(story["credits"]["reviewer"], "Lina Aziz");

        desk.json(
            editor
                .iter()
                .copied()
                .chain(["move", &sid, "--to", "published"]),
        );
        version += 1;
        let story = show(&desk, id, "published", expected, version);
        assert!(story["published_at"].is_string());
        assert_eq!(story["first_published_at"], story["published_at"]);
        assert_eq!(story["progress"]["done"], segments);
        assert_eq!(story["progress"]["total"], segments);
    }
    let published = desk.json(["list", "--status", "published"]);
    assert_eq!(published.as_array().unwrap().len(), 8);
    let not_verified = desk.json(["list", "--verification", "not_verified"]);
    assert_eq!(not_verified.as_array().unwrap().len(), 4);
}

/// Puts a haraka after every Arabic letter of a word: how a pointed text looks.
fn with_harakat(word: &str) -> String {
    word.chars()
        .flat_map(|c| {
            let mark = ('\u{0621}'..='\u{064A}').contains(&c).then_some('\u{064E}');
            std::iter::once(c).chain(mark)
        })
        .collect()
}

#[test]
fn arabic_search_with_and_without_diacritics_finds_the_same_story() {
    let desk = Desk::new();
    let articles = articles();
    for a in &articles {
        desk.json(["import".as_ref(), a.file.as_os_str()]);
    }
    // A word only article 3 has, so the match is the story and not an accident.
    let word = articles[2].arabic[1]
        .split_whitespace()
        .filter(|w| w.chars().count() >= 5 && w.chars().all(char::is_alphabetic))
        .find(|w| {
            articles
                .iter()
                .enumerate()
                .all(|(i, a)| i == 2 || !a.arabic.join(" ").contains(*w))
        })
        .expect("a word unique to article 3");
    let plain = desk.json(["search", word]);
    let pointed = desk.json(["search", &with_harakat(word)]);
    assert_ne!(with_harakat(word), word);
    let ids = |v: &Value| {
        v.as_array()
            .unwrap()
            .iter()
            .map(|h| h["id"].as_i64().unwrap())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&plain), vec![3], "{plain:#}");
    assert_eq!(ids(&pointed), ids(&plain));
    assert!(plain[0]["snippet"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["hit"] == true));

    // A pointed source text is found by an unpointed query, too.
    let pointed_file = desk.dir.path().join("pointed.txt");
    std::fs::write(
        &pointed_file,
        format!("عنوان\n{} اجتماعٌ\n", with_harakat("مخابرات")),
    )
    .unwrap();
    let id = desk.json(["import".as_ref(), pointed_file.as_os_str()])[0]["id"]
        .as_i64()
        .unwrap();
    assert_eq!(ids(&desk.json(["search", "مخابرات"])), vec![id]);
    // And filters apply to search.
    assert!(desk
        .json(["search", word, "--status", "published"])
        .as_array()
        .unwrap()
        .is_empty());
}
