//! Small text rules shared by intake, search and export: normalisation, folding,
//! slugs, language and direction.

use sha2::{Digest, Sha256};
use unicode_normalization::UnicodeNormalization;

/// Collapses every run of whitespace to one space and trims, after NFC normalisation.
pub fn normalize(s: &str) -> String {
    let nfc: String = s.nfc().collect();
    nfc.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The identity of a source text: the same content, however it was spaced or
/// encoded in Unicode, hashes the same.
pub fn content_hash<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        let n = normalize(part);
        if n.is_empty() {
            continue;
        }
        hasher.update(n.as_bytes());
        hasher.update(b"\n");
    }
    let digest = hasher.finalize();
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The longest text one field (a segment, the headline, the standfirst) holds.
/// A news paragraph is a few hundred bytes; this leaves room for a long one and
/// stops a pasted book, which every save would copy into a revision.
pub const MAX_FIELD_BYTES: usize = 128 * 1024;

/// Folds text for the full-text index and for queries, so that Arabic written with
/// or without harakat, tatweel or hamza on the alef finds the same words.
/// unicode61's `remove_diacritics 2` only handles Latin-script marks; this covers
/// the Arabic script, and leaves every other character as it was.
pub fn fold_for_search(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            // Harakat, tanwin, shadda, sukun, Quranic marks, superscript alef, tatweel.
            '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' => None,
            '\u{06D6}'..='\u{06ED}' => None,
            // Alef with hamza above or below, with madda, wasla: plain alef.
            '\u{0622}' | '\u{0623}' | '\u{0625}' | '\u{0671}' => Some('\u{0627}'),
            c => Some(c),
        })
        .collect()
}

/// Folds text for matching in the translation memory and the glossary: the
/// search fold, and also ta marbuta as ha, alef maqsura and the Persian yeh as
/// yeh, the Persian kaf as kaf, no zero-width non-joiner, digits of every script
/// as Latin digits (with the Arabic decimal and thousands separators as `.` and
/// `,`), and lower case. FTS5's `remove_diacritics` folds none of these.
pub fn fold_for_match(s: &str) -> String {
    fold_for_search(s)
        .chars()
        .filter_map(|c| match c {
            '\u{0629}' => Some('\u{0647}'),
            '\u{0649}' | '\u{06CC}' => Some('\u{064A}'),
            '\u{06A9}' => Some('\u{0643}'),
            '\u{200C}' => None,
            '\u{0660}'..='\u{0669}' => char::from_u32('0' as u32 + (c as u32 - 0x0660)),
            '\u{06F0}'..='\u{06F9}' => char::from_u32('0' as u32 + (c as u32 - 0x06F0)),
            '\u{066B}' => Some('.'),
            '\u{066C}' => Some(','),
            c => Some(c),
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// `n` and the noun in the right number: "1 segment", "3 segments". Every
/// count a message or a history line gives goes through here, so none reads
/// "segment(s)".
pub fn count_of(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Segment numbers as a phrase: "segment 3", "segments 2, 5".
pub fn segment_list(nos: &[usize]) -> String {
    let numbers: Vec<String> = nos.iter().map(usize::to_string).collect();
    let noun = if nos.len() == 1 {
        "segment"
    } else {
        "segments"
    };
    format!("{noun} {}", numbers.join(", "))
}

/// The spellings a word (folded for search) may have in stored text that the
/// memory's fold ([`fold_for_match`]) makes one: ta marbuta or ha, and alef
/// maqsura, yeh or Persian yeh, at its end; the Arabic or the Persian kaf and
/// yeh within it; its digits as Latin, Arabic-Indic or Persian. Desk search
/// asks for all of them, so a query finds what the memory would match while
/// the index keeps the text as written (its passages are shown). The word
/// itself comes first; there are at most 36.
pub fn search_spellings(word: &str) -> Vec<String> {
    const DIGITS: [u32; 3] = ['0' as u32, 0x0660, 0x06F0];
    let mut out = vec![word.to_string()];
    let widen = |out: &mut Vec<String>, variants: &dyn Fn(&str) -> Vec<String>| {
        let mut next: Vec<String> = Vec::new();
        for w in out.iter() {
            for v in std::iter::once(w.clone()).chain(variants(w)) {
                if !next.contains(&v) {
                    next.push(v);
                }
            }
        }
        *out = next;
    };
    if word.chars().any(|c| digit_value(c).is_some()) {
        widen(&mut out, &|w| {
            DIGITS
                .iter()
                .map(|zero| {
                    w.chars()
                        .map(|c| match digit_value(c) {
                            Some(d) => char::from_u32(zero + d).unwrap_or(c),
                            None => c,
                        })
                        .collect()
                })
                .collect()
        });
    }
    let swap_all = |w: &str, from: &[char], to: char| -> String {
        w.chars()
            .map(|c| if from.contains(&c) { to } else { c })
            .collect()
    };
    if word.contains(['\u{0643}', '\u{06A9}']) {
        widen(&mut out, &|w| {
            vec![
                swap_all(w, &['\u{06A9}'], '\u{0643}'),
                swap_all(w, &['\u{0643}'], '\u{06A9}'),
            ]
        });
    }
    let body = |w: &str| -> (String, Option<char>) {
        let mut chars: Vec<char> = w.chars().collect();
        let last = chars.pop();
        (chars.into_iter().collect(), last)
    };
    let (inner, _) = body(word);
    if inner.contains(['\u{064A}', '\u{06CC}']) {
        widen(&mut out, &|w| {
            let (inner, last) = body(w);
            let last: String = last.into_iter().collect();
            vec![
                swap_all(&inner, &['\u{06CC}'], '\u{064A}') + &last,
                swap_all(&inner, &['\u{064A}'], '\u{06CC}') + &last,
            ]
        });
    }
    let ends: &[char] = match word.chars().last() {
        Some('\u{0629}' | '\u{0647}') => &['\u{0629}', '\u{0647}'],
        Some('\u{0649}' | '\u{064A}' | '\u{06CC}') => &['\u{0649}', '\u{064A}', '\u{06CC}'],
        _ => &[],
    };
    if !ends.is_empty() {
        widen(&mut out, &|w| {
            let (inner, _) = body(w);
            ends.iter().map(|e| format!("{inner}{e}")).collect()
        });
    }
    out
}

/// A lowercase ASCII slug of a headline, or `None` when nothing Latin is left
/// (an Arabic headline, say).
pub fn slugify(s: &str) -> Option<String> {
    let mut out = String::new();
    let mut dash = false;
    for c in s.nfkd() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else if c.is_whitespace() || c.is_ascii_punctuation() || c == '’' {
            dash = true;
        }
        if out.len() >= 80 {
            break;
        }
    }
    let out = out.trim_matches('-').to_string();
    (!out.is_empty()).then_some(out)
}

/// Languages written right to left (BCP 47 primary subtags).
const RTL_LANGUAGES: &[&str] = &[
    "ar", "arc", "ckb", "dv", "fa", "he", "iw", "ku", "ps", "sd", "ug", "ur", "yi",
];

/// "rtl" or "ltr" for a language tag such as "ar", "fa-IR" or "en".
pub fn direction(language: &str) -> &'static str {
    let primary = language
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    if RTL_LANGUAGES.contains(&primary.as_str()) {
        "rtl"
    } else {
        "ltr"
    }
}

/// A best guess at the language of a source text from its script, for intake
/// that did not say. Returns "" when the script gives no answer.
pub fn guess_language(s: &str) -> &'static str {
    let (mut arabic, mut persian, mut hebrew, mut cyrillic, mut latin, mut turkish) =
        (0usize, 0usize, 0usize, 0usize, 0usize, 0usize);
    for c in s.chars().take(20_000) {
        match c {
            'پ' | 'چ' | 'ژ' | 'گ' | 'ک' | 'ی' => {
                persian += 1;
                arabic += 1;
            }
            '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' => arabic += 1,
            '\u{0590}'..='\u{05FF}' => hebrew += 1,
            '\u{0400}'..='\u{04FF}' => cyrillic += 1,
            'ğ' | 'Ğ' | 'ı' | 'İ' | 'ş' | 'Ş' => {
                turkish += 1;
                latin += 1;
            }
            c if c.is_ascii_alphabetic() => latin += 1,
            _ => {}
        }
    }
    let top = arabic.max(hebrew).max(cyrillic).max(latin);
    if top == 0 {
        ""
    } else if top == arabic {
        // Persian uses its own letters often; a handful can appear in Arabic names.
        if persian * 50 > arabic {
            "fa"
        } else {
            "ar"
        }
    } else if top == hebrew {
        "he"
    } else if top == cyrillic {
        "ru"
    } else if turkish * 100 > latin {
        "tr"
    } else {
        latin_language(s)
    }
}

/// Which Latin-script language a text is in, when whatlang is sure of it and it
/// is one a newsroom translates from; otherwise blank, for the person to say,
/// rather than a guess of English that a French source would then carry.
fn latin_language(s: &str) -> &'static str {
    use whatlang::Lang;
    let sample: String = s.chars().take(2_000).collect();
    let Some(info) = whatlang::detect(&sample).filter(|i| i.is_reliable()) else {
        return "";
    };
    match info.lang() {
        Lang::Eng => "en",
        Lang::Fra => "fr",
        Lang::Deu => "de",
        Lang::Spa => "es",
        Lang::Ita => "it",
        Lang::Por => "pt",
        Lang::Nld => "nl",
        Lang::Tur => "tr",
        Lang::Pol => "pl",
        Lang::Swe => "sv",
        Lang::Dan => "da",
        Lang::Ind => "id",
        Lang::Aze => "az",
        Lang::Uzb => "uz",
        _ => "",
    }
}

/// Splits a source body into paragraphs. Blank lines separate paragraphs; a body
/// without any blank line (a wire feed, one sentence a line) is one paragraph a line.
pub fn paragraphs(body: &str) -> Vec<String> {
    let body = body.replace("\r\n", "\n").replace('\r', "\n");
    let has_blank = body
        .trim_matches('\n')
        .split('\n')
        .any(|line| line.trim().is_empty());
    let blocks: Vec<String> = if has_blank {
        body.split('\n')
            .collect::<Vec<_>>()
            .split(|line| line.trim().is_empty())
            .map(|lines| lines.iter().map(|l| l.trim()).collect::<Vec<_>>().join(" "))
            .collect()
    } else {
        body.split('\n').map(|l| l.trim().to_string()).collect()
    };
    blocks
        .into_iter()
        .map(|p| normalize_inline(&p))
        .filter(|p| !p.is_empty())
        .collect()
}

/// Trims and collapses runs of spaces inside a paragraph without NFC-rewriting it,
/// so the stored source text is the text the outlet published.
pub fn normalize_inline(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `s` without the characters that change how the text around them is shown
/// rather than being text: bidi embeddings, overrides and isolates (U+202A–E,
/// U+2066–9; an override in a headline turns the page's words around) and control
/// characters other than line breaks and tabs. The marks LRM, RLM and ALM stay:
/// Arabic text uses them legitimately.
pub fn without_controls(s: &str) -> String {
    s.chars()
        .filter(|&c| {
            !matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
                && (!c.is_control() || c == '\n' || c == '\t')
        })
        .collect()
}

/// Words in a text, for progress counts.
pub fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

/// A number's value as text, Latin digits, no grouping: `380,000` is 380000,
/// `7.5` stays 7.5, and a comma that cannot be grouping (`1,5`) is a decimal one.
pub(crate) fn number_value(run: &str) -> String {
    let integer_groups = run.split('.').next().unwrap_or("");
    let grouping = run.contains('.') || integer_groups.split(',').skip(1).all(|g| g.len() == 3);
    let v = if grouping {
        run.replace(',', "")
    } else {
        run.replace(',', ".")
    };
    let (int, frac) = v
        .split_once('.')
        .map_or((v.as_str(), None), |(i, f)| (i, Some(f)));
    let int = int.trim_start_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    match frac {
        Some(f) => format!("{int}.{f}"),
        None => int.to_string(),
    }
}

/// The value of a digit of any script the desk meets.
pub(crate) fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '\u{0660}'..='\u{0669}' => Some(c as u32 - 0x0660),
        '\u{06F0}'..='\u{06F9}' => Some(c as u32 - 0x06F0),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn search_asks_for_every_spelling_the_memory_folds_together() {
        let of = |w: &str| super::search_spellings(w);
        assert_eq!(of("Tehran"), ["Tehran"]);
        assert_eq!(of("مدرسة"), ["مدرسة", "مدرسه"]);
        assert_eq!(of("832"), ["832", "٨٣٢", "۸۳۲"]);
        assert_eq!(of("مستشفى"), ["مستشفى", "مستشفي", "مستشفی"]);
        let kaf = of("کتاب");
        assert!(kaf.contains(&"كتاب".to_string()) && kaf[0] == "کتاب");
        // Every spelling folds as the word does for the memory.
        for word in ["مدرسة", "٣٨٠", "کتابی", "يكتبه"] {
            let spellings = of(word);
            assert!(spellings.len() <= 36);
            for s in &spellings {
                assert_eq!(super::fold_for_match(s), super::fold_for_match(word), "{s}");
            }
        }
    }

    use super::*;

    #[test]
    fn overrides_and_controls_are_not_text() {
        assert_eq!(
            without_controls("Gaza \u{202E}deifirev\u{202C} \u{1b}[2Jnews\u{200F}\nline"),
            "Gaza deifirev [2Jnews\u{200F}\nline"
        );
    }

    #[test]
    fn folding_makes_harakat_optional() {
        let with = "اجْتَمَعَ رُؤَسَاءُ الأَجْهِزَةِ";
        let without = "اجتمع رؤساء الاجهزة";
        assert_eq!(fold_for_search(with), fold_for_search(without));
        assert_eq!(fold_for_search("Syria’s café"), "Syria’s café");
    }

    #[test]
    fn hash_ignores_spacing_and_unicode_form() {
        let a = content_hash(["Caf\u{e9}  au lait", "second\n para"]);
        let b = content_hash(["Cafe\u{301} au lait ", "second para"]);
        assert_eq!(a, b);
        assert_ne!(a, content_hash(["Café au lait", "other"]));
    }

    #[test]
    fn slugs_are_ascii_or_none() {
        assert_eq!(
            slugify("High-level Syrian-Iranian Intelligence Meeting in Tehran").as_deref(),
            Some("high-level-syrian-iranian-intelligence-meeting-in-tehran")
        );
        assert_eq!(
            slugify("Syria’s café: “news”").as_deref(),
            Some("syria-s-cafe-news")
        );
        assert_eq!(slugify("اجتماع أمني"), None);
    }

    #[test]
    fn languages_and_directions() {
        assert_eq!(guess_language("اجتمع رؤساء الأجهزة الأمنية في طهران"), "ar");
        assert_eq!(guess_language("گزارش خبرگزاری فارس درباره این دیدار"), "fa");
        assert_eq!(
            guess_language("Türkiye'nin güneyinde yağış bekleniyor"),
            "tr"
        );
        assert_eq!(
            guess_language(
                "The heads of the secret services in Iran and Syria met in Tehran to discuss \
                 cooperation between the two bodies, according to the newspaper."
            ),
            "en"
        );
        // Latin script is not English: a French source is French.
        assert_eq!(
            guess_language(
                "Les chefs des services de renseignement iraniens et syriens se sont réunis \
                 à Téhéran pour discuter de la coopération entre les deux organismes."
            ),
            "fr"
        );
        // Too little to be sure of: blank, for the person to say.
        assert_eq!(guess_language("Body one."), "");
        assert_eq!(guess_language("1234"), "");
        assert_eq!(direction("ar"), "rtl");
        assert_eq!(direction("fa-IR"), "rtl");
        assert_eq!(direction("en"), "ltr");
    }

    #[test]
    fn paragraphs_by_blank_lines_or_by_line() {
        assert_eq!(paragraphs("a\nb\n\nc\n"), vec!["a b", "c"]);
        assert_eq!(paragraphs("one\ntwo\r\nthree"), vec!["one", "two", "three"]);
        assert_eq!(paragraphs("\n\n  \n"), Vec::<String>::new());
    }
}
