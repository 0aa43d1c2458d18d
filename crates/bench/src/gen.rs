//! Generated stories that look like the desk's real work: Arabic source
//! paragraphs of 4–12 segments, English translations for some, all from a fixed
//! seed so that every run (and both sides of every comparison) sees the same text.
//!
//! Words follow a Zipf distribution over a vocabulary whose head is the real
//! Arabic and English of the NTREX articles (when they are there) and whose tail
//! is made-up words standing in for names and rare terms. A flat vocabulary
//! would put every word in most stories and make every search a broad one,
//! which is not what a newsroom archive looks like.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use dragoman_core::ingest::Intake;
use dragoman_core::Source;

/// A small, fast, deterministic generator (xorshift64*). Benchmarks need the
/// same text on every run, not statistical quality.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        // splitmix64 spreads nearby seeds (story 1, story 2…) over the whole state.
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        Rng((z ^ (z >> 31)) | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// A number in `lo..=hi`.
    pub fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// A float in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}

/// Words ranked from most to least common, sampled with Zipf's law.
pub struct Vocabulary {
    pub words: Vec<String>,
    cumulative: Vec<f64>,
    ranks: HashMap<String, usize>,
}

impl Vocabulary {
    fn new(words: Vec<String>) -> Vocabulary {
        let mut total = 0.0;
        let cumulative = (1..=words.len())
            .map(|rank| {
                total += 1.0 / rank as f64;
                total
            })
            .collect();
        let ranks = words
            .iter()
            .enumerate()
            .map(|(i, w)| (w.clone(), i))
            .collect();
        Vocabulary {
            words,
            cumulative,
            ranks,
        }
    }

    pub fn sample(&self, rng: &mut Rng) -> &str {
        let total = *self.cumulative.last().expect("a vocabulary is never empty");
        let u = rng.unit() * total;
        let i = self.cumulative.partition_point(|&c| c < u);
        &self.words[i.min(self.words.len() - 1)]
    }

    /// The word's rank (0 = most common).
    pub fn rank(&self, word: &str) -> Option<usize> {
        self.ranks.get(word).copied()
    }
}

/// How many ranks each vocabulary has: real words first, made-up ones after.
const VOCABULARY_SIZE: usize = 30_000;

/// Used when the NTREX articles are not next to the project.
const BUILT_IN_ARABIC: &str = "في من على إلى أن التي الذي عن مع هذا بعد قبل كان وقال قالت \
    الحكومة الرئيس وزير الخارجية الدفاع الأمن المجلس الشعب الدولة سوريا دمشق حلب إيران طهران \
    روسيا تركيا الولايات المتحدة الاتحاد الأوروبي الأمم المتحدة الجيش القوات المعارضة الانتخابات \
    الاقتصاد الليرة الأسعار النفط الغاز الكهرباء المياه المدينة الريف الحدود اللاجئين العودة \
    الاجتماع المؤتمر الاتفاق المفاوضات العقوبات المساعدات الإنسانية الصحة المستشفى التعليم \
    الجامعة الطلاب الصحيفة مصادر مطلعة بحسب وفقا أكد أعلن أشار أضاف نفى صرح مسؤول رسمي \
    الأسبوع الماضي اليوم أمس غدا العام الحالي الشهر الجاري خلال حيث كما لكن أيضا جميع بين";

const BUILT_IN_ENGLISH: &str = "the of and to in a that for on is was with said by as at from \
    government president minister foreign defence security council people state Syria Damascus \
    Aleppo Iran Tehran Russia Turkey United States European Union army forces opposition \
    elections economy lira prices oil gas electricity water city countryside border refugees \
    return meeting conference agreement negotiations sanctions aid humanitarian health hospital \
    education university students newspaper sources according confirmed announced pointed added \
    denied official week last today yesterday tomorrow year current month during where also all";

/// The text every generated story is made of.
pub struct Generator {
    seed: u64,
    pub arabic: Vocabulary,
    pub english: Vocabulary,
    /// Where the real words came from, for the report.
    pub word_source: String,
}

/// One generated story: the intake Dragoman imports and, for some, the English
/// a translator would have written.
pub struct GenStory {
    pub intake: Intake,
    pub translation: Option<Translation>,
}

pub struct Translation {
    pub headline: String,
    /// One per source paragraph.
    pub segments: Vec<String>,
}

const OUTLETS: &[&str] = &[
    "al-Watan",
    "SANA",
    "Tishreen",
    "Enab Baladi",
    "Asharq al-Awsat",
    "al-Quds al-Arabi",
    "Fars",
];

const AUTHORS: &[&str] = &["Staff", "Newsdesk", "Correspondent", "Editorial board"];

impl Generator {
    /// Builds the vocabularies from `corpus` (`*.ar.txt` and `*.en.txt`) when it
    /// exists, otherwise from the built-in word lists.
    pub fn new(seed: u64, corpus: &Path) -> Generator {
        let (ar, en) = read_corpus(corpus);
        let word_source = if ar.is_empty() {
            "built-in word lists".to_string()
        } else {
            format!("{} ({} Arabic words)", corpus.display(), ar.len())
        };
        let ar = if ar.is_empty() {
            words_by_frequency(BUILT_IN_ARABIC)
        } else {
            ar
        };
        let en = if en.is_empty() {
            words_by_frequency(BUILT_IN_ENGLISH)
        } else {
            en
        };
        let mut rng = Rng::new(seed ^ 0x5EED);
        Generator {
            seed,
            arabic: Vocabulary::new(extend(ar, &mut rng, arabic_word)),
            english: Vocabulary::new(extend(en, &mut rng, english_word)),
            word_source,
        }
    }

    /// Story number `i` (0-based), the same on every call.
    pub fn story(&self, i: usize) -> GenStory {
        let mut rng = Rng::new(self.seed ^ (i as u64).wrapping_mul(0xD1B5_4A32_D192_ED03));
        let count = rng.between(4, 12);
        let paragraphs: Vec<String> = (0..count)
            .map(|_| sentence(&self.arabic, &mut rng, 18, 45, '،', false))
            .collect();
        let outlet = OUTLETS[rng.below(OUTLETS.len())];
        let headline = sentence(&self.arabic, &mut rng, 6, 11, '،', false);
        let headline = headline.trim_end_matches('.').to_string();
        let translation = rng.chance(1.0 / 3.0).then(|| Translation {
            headline: sentence(&self.english, &mut rng, 6, 11, ',', true)
                .trim_end_matches('.')
                .to_string(),
            segments: paragraphs
                .iter()
                .map(|_| sentence(&self.english, &mut rng, 18, 45, ',', true))
                .collect(),
        });
        GenStory {
            intake: Intake {
                source: Source {
                    name: outlet.to_string(),
                    url: format!("https://news.example/{}/{}", slug(outlet), i + 1),
                    language: "ar".to_string(),
                    headline,
                    date: format!("2024-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28)),
                    author: AUTHORS[rng.below(AUTHORS.len())].to_string(),
                },
                paragraphs,
                origin: Some(format!("story-{}.md", i + 1)),
            },
            translation,
        }
    }

    /// A paragraph of English, as a translator would save it.
    pub fn english_paragraph(&self, rng: &mut Rng) -> String {
        sentence(&self.english, rng, 18, 45, ',', true)
    }
}

fn slug(s: &str) -> String {
    s.to_ascii_lowercase().replace(' ', "-")
}

fn sentence(
    vocab: &Vocabulary,
    rng: &mut Rng,
    min: usize,
    max: usize,
    comma: char,
    capitalise: bool,
) -> String {
    let n = rng.between(min, max);
    let mut out = String::new();
    for k in 0..n {
        if k > 0 {
            out.push(' ');
        }
        let word = vocab.sample(rng);
        if k == 0 && capitalise {
            let mut chars = word.chars();
            if let Some(first) = chars.next() {
                out.extend(first.to_uppercase());
                out.push_str(chars.as_str());
            }
        } else {
            out.push_str(word);
        }
        if k + 1 < n && rng.chance(0.07) {
            out.push(comma);
        }
    }
    out.push('.');
    out
}

/// Words of the corpus, most frequent first (ties in a fixed order).
fn read_corpus(dir: &Path) -> (Vec<String>, Vec<String>) {
    let mut ar = String::new();
    let mut en = String::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            let target = if name.ends_with(".ar.txt") {
                &mut ar
            } else if name.ends_with(".en.txt") {
                &mut en
            } else {
                continue;
            };
            if let Ok(text) = std::fs::read_to_string(&path) {
                target.push_str(&text);
                target.push('\n');
            }
        }
    }
    (words_by_frequency(&ar), words_by_frequency(&en))
}

fn words_by_frequency(text: &str) -> Vec<String> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for word in text.split(|c: char| !c.is_alphabetic() && c != '\'') {
        let word = word.trim_matches('\'');
        // Letters only: numbers and one-letter fragments are not what people search for.
        if word.chars().count() >= 2 && word.chars().all(char::is_alphabetic) {
            *counts.entry(word.to_string()).or_default() += 1;
        }
    }
    let mut words: Vec<(String, usize)> = counts.into_iter().collect();
    words.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    words.into_iter().map(|(w, _)| w).collect()
}

/// Adds made-up words after the real ones up to `VOCABULARY_SIZE` ranks.
fn extend(mut words: Vec<String>, rng: &mut Rng, make: fn(&mut Rng) -> String) -> Vec<String> {
    let mut seen: HashSet<String> = words.iter().cloned().collect();
    while words.len() < VOCABULARY_SIZE {
        let w = make(rng);
        if seen.insert(w.clone()) {
            words.push(w);
        }
    }
    words
}

const ARABIC_LETTERS: &[char] = &[
    'ا', 'ب', 'ت', 'ث', 'ج', 'ح', 'خ', 'د', 'ذ', 'ر', 'ز', 'س', 'ش', 'ص', 'ض', 'ط', 'ظ', 'ع', 'غ',
    'ف', 'ق', 'ك', 'ل', 'م', 'ن', 'ه', 'و', 'ي',
];

fn arabic_word(rng: &mut Rng) -> String {
    let mut w = String::new();
    if rng.chance(0.3) {
        w.push_str("ال");
    }
    for _ in 0..rng.between(3, 6) {
        w.push(ARABIC_LETTERS[rng.below(ARABIC_LETTERS.len())]);
    }
    if rng.chance(0.2) {
        w.push('ة');
    }
    w
}

const SYLLABLES: &[&str] = &[
    "ba", "ka", "ri", "mo", "tu", "sha", "al", "din", "har", "lan", "zi", "qu", "vel", "nor",
    "tam", "sel", "ur", "fa", "ho", "mi",
];

fn english_word(rng: &mut Rng) -> String {
    let mut w = String::new();
    for _ in 0..rng.between(2, 4) {
        w.push_str(SYLLABLES[rng.below(SYLLABLES.len())]);
    }
    if rng.chance(0.4) {
        // A name, as most rare words in the news are.
        let mut chars = w.chars();
        let first = chars.next().expect("at least two syllables");
        w = first.to_uppercase().chain(chars).collect();
    }
    w
}

/// Harakat a writer might put on a word: fatha, damma, kasra, sukun, shadda.
const HARAKAT: &[char] = &['\u{064E}', '\u{064F}', '\u{0650}', '\u{0652}', '\u{0651}'];

/// The word as someone might type it with diacritics.
pub fn with_harakat(word: &str, rng: &mut Rng) -> String {
    let mut out = String::new();
    for c in word.chars() {
        out.push(c);
        if c != 'ا' && c != 'ل' && rng.chance(0.6) {
            out.push(HARAKAT[rng.below(HARAKAT.len())]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_story() {
        let g = Generator::new(7, Path::new("/nonexistent"));
        let (a, b) = (g.story(41), g.story(41));
        assert_eq!(a.intake, b.intake);
        assert_ne!(a.intake, g.story(42).intake);
        assert!((4..=12).contains(&a.intake.paragraphs.len()));
    }

    #[test]
    fn harakat_fold_back_to_the_word() {
        let mut rng = Rng::new(1);
        let typed = with_harakat("الحكومة", &mut rng);
        assert_ne!(typed, "الحكومة");
        assert_eq!(dragoman_core::text::fold_for_search(&typed), "الحكومة");
    }

    #[test]
    fn zipf_puts_common_words_first() {
        let v = Vocabulary::new((0..1000).map(|i| format!("w{i}")).collect());
        let mut rng = Rng::new(3);
        let top = (0..10_000).filter(|_| v.sample(&mut rng) == "w0").count();
        let rare = (0..10_000).filter(|_| v.sample(&mut rng) == "w999").count();
        assert!(top > 500 && rare < 20, "top {top}, rare {rare}");
    }
}
