//! Numbers as a newsroom compares them: by value, whatever digits wrote them.
//! `832`, `٨٣٢` and `۸۳۲` are one number; `380,000`, `٣٨٠٬٠٠٠` and `380 ألف`
//! ("380 thousand") are another; `7.5` and `٧٫٥` a third.

use crate::text::digit_value;

/// A number as the text wrote it, and the values it may stand for.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Number {
    /// As written, for the message: `٨٣٢`, `380,000`.
    pub text: String,
    /// Its value, and its value times the scale word after it (`7.5 million`,
    /// `380 ألف`), so either way of writing a large number matches the other.
    pub values: Vec<f64>,
}

impl Number {
    pub fn matches(&self, other: &Number) -> bool {
        self.values
            .iter()
            .any(|a| other.values.iter().any(|b| same(*a, *b)))
    }
}

fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// Words that multiply the number before them, in the languages the desk meets.
fn scale(word: &str) -> Option<f64> {
    let folded = crate::text::fold_for_match(word);
    let w = folded.trim_start_matches('و');
    match w {
        "thousand" | "thousands" | "الف" | "الاف" | "ألف" | "آلاف" | "هزار" | "bin" => {
            Some(1e3)
        }
        "million" | "millions" | "مليون" | "ملايين" | "ميليون" | "میلیون" | "milyon" => {
            Some(1e6)
        }
        "billion" | "billions" | "مليار" | "مليارات" | "ميليارد" | "میلیارد" | "milyar" => {
            Some(1e9)
        }
        _ => None,
    }
}

/// The numbers of `text`, in order. A run of digits of any script with decimal or
/// grouping separators inside (`.`, `,`, Arabic `٫` and `٬`) is one number;
/// `19:30` is two, as a clock is read.
pub(crate) fn numbers(text: &str) -> Vec<Number> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if digit_value(chars[i]).is_none() {
            i += 1;
            continue;
        }
        let start = i;
        let mut latin = String::new();
        while i < chars.len() {
            let c = chars[i];
            if let Some(d) = digit_value(c) {
                latin.push(char::from_digit(d, 10).unwrap_or('0'));
                i += 1;
                continue;
            }
            let separator = match c {
                '.' | '\u{066B}' => Some('.'),
                ',' | '\u{066C}' => Some(','),
                _ => None,
            };
            match separator {
                Some(s) if chars.get(i + 1).copied().and_then(digit_value).is_some() => {
                    latin.push(s);
                    i += 1;
                }
                _ => break,
            }
        }
        let written: String = chars[start..i].iter().collect();
        // The minutes of a full hour (`04:00`) say nothing a source's "at 4" lacks.
        if start > 0
            && chars[start - 1] == ':'
            && written.chars().all(|c| digit_value(c) == Some(0))
        {
            continue;
        }
        let Ok(value) = crate::text::number_value(&latin).parse::<f64>() else {
            continue;
        };
        let mut values = vec![value];
        let next: String = chars[i..]
            .iter()
            .skip_while(|c| c.is_whitespace())
            .take_while(|c| c.is_alphabetic())
            .collect();
        if let Some(factor) = scale(&next) {
            values.push(value * factor);
        }
        out.push(Number {
            text: written,
            values,
        });
    }
    out
}

/// Small numbers as English spells them, for a translation that writes
/// "three" where the source has `3`.
pub(crate) fn spelled(value: f64) -> Option<&'static str> {
    const WORDS: [&str; 13] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    if value.fract() != 0.0 || !(0.0..=12.0).contains(&value) {
        return None;
    }
    WORDS.get(value as usize).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<Vec<f64>> {
        numbers(text).into_iter().map(|n| n.values).collect()
    }

    #[test]
    fn digits_of_every_script_and_their_separators_read_by_value() {
        assert_eq!(values("832 و٨٣٢ و۸۳۲"), [[832.0], [832.0], [832.0]]);
        assert_eq!(
            values("380,000 people, 7.5 magnitude."),
            [[380000.0], [7.5]]
        );
        assert_eq!(values("٣٨٠٬٠٠٠ و٧٫٥"), [[380000.0], [7.5]]);
        assert_eq!(values("at 19:30 BST"), [[19.0], [30.0]]);
        assert_eq!(values("at 04:00 BST"), [[4.0]]);
        assert_eq!(values("$26,750."), [[26750.0]]);
        assert_eq!(values("in 2019, 12 died"), [[2019.0], [12.0]]);
    }

    #[test]
    fn a_scale_word_gives_the_number_its_second_value() {
        let n = &numbers("أكثر من 380 ألف شخص")[0];
        assert!(n.matches(&numbers("380,000")[0]));
        assert!(n.matches(&numbers("380")[0]));
        assert!(numbers("7.5 million")[0].matches(&numbers("٧٫٥ مليون")[0]));
        assert!(!numbers("832")[0].matches(&numbers("823")[0]));
    }
}
