//! Figures as analysts and reporters write them ("568", "about 500",
//! "at least 1,200", "300-400", "several hundred", "two weeks"), read into the
//! interval of values each one allows, so that figures from different sources
//! can be checked against each other.
//!
//! # What a figure means
//!
//! A figure is an optional qualifier, a number or a range, and an optional unit.
//! It means a closed interval `[low, high]`, from these rules:
//!
//! | written | qualifier | interval |
//! |---|---|---|
//! | `568`, `1,200`, `1 200`, `1.5 million`, `two thousand` | exact | `[N, N]` |
//! | `300-400`, `300–400`, `300 to 400`, `between 300 and 400` | range | `[A, B]` |
//! | `about`, `around`, `some`, `roughly`, `approximately`, `an estimated`, `close to`, `~` N; N `or so`; `a dozen` | about | `[0.8 N, 1.2 N]` |
//! | `nearly`, `almost`, `just under` N | nearly | `[0.85 N, N]` |
//! | `up to`, `as many as`, `at most`, `no more than` N; N `or less` | at most | `[0, N]` |
//! | `less than`, `fewer than`, `under`, `below` N | under | `[0, N]` |
//! | `at least`, `no fewer than` N; N `or more`; N`+` | at least | `[N, ∞)` |
//! | `more than`, `over`, `above`, `upwards of`, `in excess of` N | over | `[N, ∞)` |
//! | `several hundred` / `a few hundred` (any of dozen, hundred, thousand, million) | several | `[2 M, 9 M]` / `[2 M, 5 M]` |
//! | `dozens` | several | `[24, 99]` |
//! | `hundreds`, `thousands`, `millions` | several | `[2 M, 10 M − 1]` |
//! | `tens of thousands`, `hundreds of thousands` | several | the plural's interval × M |
//!
//! A qualifier before a range widens the range the same way ("almost 300-400" is
//! `[255, 400]`). Bounds are inclusive: "more than 120" and "120" touch, because a
//! reporter's "more than" is rarely strict.
//!
//! "About" is deliberately wide (±20%): reporters round a count such as 568 to
//! "about 500" as readily as to "about 600", so "about 500" and 568 do **not**
//! conflict, while "about 500" and "at least 1,200" do. A bare number is exact:
//! 568 and 570 conflict; write "about" when a figure is a round estimate.
//!
//! Two figures [`conflicts`] when their intervals do not overlap and they count
//! the same thing: their units agree (ignoring case, plurals and spellings such as
//! km/kilometres) or one of them has no unit.
//!
//! # What is refused
//!
//! Text that could be read two ways gives `None`: a date ("May 27", "14 June"),
//! a dot before exactly three digits ("1.200": 1.2 or 1200?), a comma before other
//! than three digits ("1,20"), a range whose ends are reversed ("400-300"), two
//! qualifiers ("up to 500 or more"), a vague word without a number ("several",
//! "many"), abbreviated multipliers ("1.5m", "2k"), and any text left over that is
//! not a short unit ("568 on June 3").
//!
//! # Suggestions
//!
//! [`numbers_in`] finds the figures of a quote, with their qualifiers. A unit of
//! measure stays with its number ("two weeks", "10 km", "90%"); the noun counted
//! is dropped ("about 500 civilians" → "about 500") except after "including",
//! "with" or "plus", where it tells a part from the whole ("568 civilians,
//! including 38 children" → "568", "38 children"). Dates are suggested as written
//! ("May 27") but are not quantities. The word "one" alone is not suggested: it is
//! mostly a pronoun ("one another", "one of").

use std::fmt;

/// How far "about N" reaches on either side of N, as a fraction of N.
pub const ABOUT_FRACTION: f64 = 0.2;
/// Where "nearly N" starts, as a fraction of N.
pub const NEARLY_FRACTION: f64 = 0.85;

/// What a figure's wording says about its number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Qualifier {
    /// A bare number: "568".
    Exact,
    /// Two numbers: "300-400", "between 300 and 400".
    Range,
    /// A round estimate: "about 500", "some 500", "~500", "a dozen".
    About,
    /// Just below: "nearly 400", "almost 400".
    Nearly,
    /// A ceiling: "up to 500", "as many as 500".
    AtMost,
    /// Below: "less than 500", "under 500".
    Under,
    /// A floor: "at least 1,200".
    AtLeast,
    /// Above: "more than 120", "over 90%".
    Over,
    /// A vague multiple: "several hundred", "dozens", "thousands".
    Several,
}

impl Qualifier {
    /// Its name for people.
    pub fn label(self) -> &'static str {
        match self {
            Self::Exact => "exact",
            Self::Range => "range",
            Self::About => "about",
            Self::Nearly => "nearly",
            Self::AtMost => "up to",
            Self::Under => "under",
            Self::AtLeast => "at least",
            Self::Over => "over",
            Self::Several => "several",
        }
    }
}

/// A figure read from text: the interval it allows, how it was qualified, and what it counts.
#[derive(Clone, Debug, PartialEq)]
pub struct Quantity {
    /// The smallest value the figure allows.
    pub low: f64,
    /// The largest value the figure allows; infinite for "at least" and "over".
    pub high: f64,
    /// How the figure was qualified.
    pub qualifier: Qualifier,
    /// The noun or unit after the number, lower-case ("children", "weeks", "%"); empty if none.
    pub unit: String,
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let percent = if self.unit == "%" { "%" } else { "" };
        let number = |value: f64| format!("{}{percent}", number_text(value));
        if self.high.is_infinite() {
            write!(f, "{} or more", number(self.low))?;
        } else if self.low == self.high {
            write!(f, "{}", number(self.low))?;
        } else {
            write!(f, "{}–{}", number(self.low), number(self.high))?;
        }
        if !self.unit.is_empty() && percent.is_empty() {
            write!(f, " {}", self.unit)?;
        }
        Ok(())
    }
}

/// A number for people: thousands separated by commas, at most one decimal.
fn number_text(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    if rounded.fract() != 0.0 {
        return format!("{rounded:.1}");
    }
    let digits = format!("{rounded:.0}");
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 && c.is_ascii_digit() {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Reads a figure as an analyst writes it; `None` when it is not one or is ambiguous.
pub fn parse_value(text: &str) -> Option<Quantity> {
    let text = text
        .trim()
        .trim_end_matches(['.', ',', ';', ':', '!', '?'])
        .trim();
    let tokens = tokenize(text);
    let t = Tokens(&tokens);
    if tokens.is_empty() || t.date_at(0).is_some() {
        return None;
    }
    let (qualifier, start) = match t.qualifier_at(0) {
        Some((qualifier, end)) => (Some(qualifier), end),
        None => (None, 0),
    };
    let core = t.core_at(start)?;
    let mut qualifier = qualifier;
    let mut next = core.end;
    if let Some((suffix, end)) = t.suffix_at(next) {
        if qualifier.is_some() {
            return None;
        }
        qualifier = Some(suffix);
        next = end;
    }
    let unit = match t.measure_at(next) {
        Some((unit, end)) => {
            // "90% of the houses": what follows a unit of measure says what it measures.
            if !t.words_only(end, true) {
                return None;
            }
            unit
        }
        None => {
            if !t.words_only(next, false) {
                return None;
            }
            let words = t.words_from(next);
            let words: Vec<&str> = match words.split_first() {
                Some((&"of", rest)) => rest.to_vec(),
                _ => words,
            };
            let numeric = |w: &&str| small_number(w).is_some() || multiplier(w).is_some();
            if words.len() > 4 || words.iter().any(numeric) {
                return None;
            }
            words.last().map(|w| (*w).to_owned()).unwrap_or_default()
        }
    };
    Some(core.quantity(qualifier, unit))
}

/// Whether two figures cannot both be true: they count the same thing and their intervals do not overlap.
pub fn conflicts(a: &Quantity, b: &Quantity) -> bool {
    if !units_agree(&a.unit, &b.unit) {
        return false;
    }
    // Below by more than rounding error; `low` is never infinite.
    let below = |high: f64, low: f64| high < low - 1e-9 * low.abs().max(1.0);
    below(a.high, b.low) || below(b.high, a.low)
}

/// Whether two units name the same thing, or one of them is empty.
pub fn units_agree(a: &str, b: &str) -> bool {
    a.trim().is_empty() || b.trim().is_empty() || unit_key(a) == unit_key(b)
}

/// A unit reduced to one spelling: lower-case, singular, abbreviations expanded.
fn unit_key(unit: &str) -> String {
    let unit = unit.trim().to_lowercase();
    let unit = unit.rsplit(' ').next().unwrap_or_default();
    let canonical = match unit {
        "%" | "percent" | "cent" | "pc" => "%",
        "km" | "kms" | "kilometer" | "kilometers" | "kilometre" | "kilometres" => "km",
        "mm" | "millimeter" | "millimeters" | "millimetre" | "millimetres" => "mm",
        "cm" | "centimeter" | "centimeters" | "centimetre" | "centimetres" => "cm",
        "meter" | "meters" | "metre" | "metres" => "m",
        "kg" | "kilogram" | "kilograms" => "kg",
        "sec" | "secs" | "second" | "seconds" => "s",
        "min" | "mins" | "minute" | "minutes" => "min",
        "h" | "hr" | "hrs" | "hour" | "hours" => "h",
        "children" | "child" => "child",
        "people" | "persons" | "person" => "person",
        "men" | "man" => "man",
        "women" | "woman" => "woman",
        _ => "",
    };
    if !canonical.is_empty() {
        return canonical.to_owned();
    }
    if let Some(stem) = unit.strip_suffix("ies").filter(|s| s.len() > 2) {
        return format!("{stem}y");
    }
    match unit.strip_suffix('s') {
        Some(stem) if stem.len() > 2 && !stem.ends_with('s') => stem.to_owned(),
        _ => unit.to_owned(),
    }
}

/// The figures of a quote, with their qualifiers, in order and without repeats: one-click suggestions for a claim's value.
pub fn numbers_in(text: &str) -> Vec<String> {
    let tokens = tokenize(text);
    let t = Tokens(&tokens);
    let mut found: Vec<String> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let (phrase, end) = if let Some(end) = t.date_at(i) {
            (t.original(text, i, end), end)
        } else if let Some((phrase, end)) = t.figure_at(text, i) {
            (phrase, end)
        } else {
            i += 1;
            continue;
        };
        if !found.contains(&phrase) {
            found.push(phrase);
        }
        i = end.max(i + 1);
    }
    found
}

// --- Tokens -------------------------------------------------------------------

/// What a piece of text is.
#[derive(Clone, Debug, PartialEq)]
enum Kind {
    /// A number in digits; `None` when its separators make it ambiguous.
    Number(Option<f64>),
    /// A word, lower-case, hyphens and apostrophes kept.
    Word(String),
    /// Any dash or minus sign.
    Dash,
    /// `%`.
    Percent,
    /// `~` or `≈`.
    Tilde,
    /// `+`.
    Plus,
    /// Letters and digits mixed ("24th", "aEh3NfA2e8"): never a figure.
    Mixed,
    /// Any other character.
    Punct(char),
}

/// One token, with where it is in the text (byte offsets) and whether space precedes it.
#[derive(Clone, Debug)]
struct Token {
    kind: Kind,
    start: usize,
    end: usize,
    spaced: bool,
}

/// Units that may follow a number without a space ("10km").
const ATTACHED_UNITS: &[&str] = &[
    "km", "kms", "mm", "cm", "kg", "min", "mins", "sec", "secs", "hr", "hrs", "h",
];

/// Units of measure: they stay with their number in suggestions.
const MEASURES: &[&str] = &[
    "second",
    "seconds",
    "sec",
    "secs",
    "minute",
    "minutes",
    "min",
    "mins",
    "hour",
    "hours",
    "hr",
    "hrs",
    "day",
    "days",
    "week",
    "weeks",
    "fortnight",
    "fortnights",
    "month",
    "months",
    "year",
    "years",
    "decade",
    "decades",
    "km",
    "kms",
    "kilometer",
    "kilometers",
    "kilometre",
    "kilometres",
    "mile",
    "miles",
    "meter",
    "meters",
    "metre",
    "metres",
    "mm",
    "millimeter",
    "millimeters",
    "millimetre",
    "millimetres",
    "cm",
    "centimeter",
    "centimeters",
    "centimetre",
    "centimetres",
    "kg",
    "kilogram",
    "kilograms",
    "ton",
    "tons",
    "tonne",
    "tonnes",
    "hectare",
    "hectares",
    "percent",
];

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];

/// Words before a figure that make it a part of a larger one, whose noun is kept.
const PART_OF: &[&[&str]] = &[
    &["including"],
    &["incl"],
    &["plus"],
    &["besides"],
    &["along", "with"],
    &["together", "with"],
    &["among", "them"],
    &["among", "whom"],
    &["of", "whom"],
];

/// Words that do not name what a figure counts.
const NOT_NOUNS: &[&str] = &[
    "a", "an", "the", "and", "or", "of", "in", "on", "at", "to", "for", "from", "by", "is", "are",
    "was", "were", "be", "been", "have", "has", "had", "can", "could", "will", "would", "may",
    "might", "who", "which", "that", "ago", "more", "less", "still", "also",
];

/// Qualifiers written before a number.
const PREFIXES: &[(&[&str], Qualifier)] = &[
    (&["about"], Qualifier::About),
    (&["around"], Qualifier::About),
    (&["some"], Qualifier::About),
    (&["roughly"], Qualifier::About),
    (&["approximately"], Qualifier::About),
    (&["approx"], Qualifier::About),
    (&["circa"], Qualifier::About),
    (&["an", "estimated"], Qualifier::About),
    (&["estimated"], Qualifier::About),
    (&["close", "to"], Qualifier::About),
    (&["nearly"], Qualifier::Nearly),
    (&["almost"], Qualifier::Nearly),
    (&["just", "under"], Qualifier::Nearly),
    (&["not", "quite"], Qualifier::Nearly),
    (&["up", "to"], Qualifier::AtMost),
    (&["as", "many", "as"], Qualifier::AtMost),
    (&["as", "much", "as"], Qualifier::AtMost),
    (&["at", "most"], Qualifier::AtMost),
    (&["no", "more", "than"], Qualifier::AtMost),
    (&["not", "more", "than"], Qualifier::AtMost),
    (&["a", "maximum", "of"], Qualifier::AtMost),
    (&["less", "than"], Qualifier::Under),
    (&["fewer", "than"], Qualifier::Under),
    (&["under"], Qualifier::Under),
    (&["below"], Qualifier::Under),
    (&["at", "least"], Qualifier::AtLeast),
    (&["no", "fewer", "than"], Qualifier::AtLeast),
    (&["no", "less", "than"], Qualifier::AtLeast),
    (&["not", "less", "than"], Qualifier::AtLeast),
    (&["a", "minimum", "of"], Qualifier::AtLeast),
    (&["more", "than"], Qualifier::Over),
    (&["just", "over"], Qualifier::Over),
    (&["well", "over"], Qualifier::Over),
    (&["over"], Qualifier::Over),
    (&["above"], Qualifier::Over),
    (&["upwards", "of"], Qualifier::Over),
    (&["in", "excess", "of"], Qualifier::Over),
];

/// Whether a character separates digit groups in "1 200".
fn is_group_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}')
}

/// Splits text into tokens.
fn tokenize(text: &str) -> Vec<Token> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let at = |p: usize| chars.get(p).map(|&(_, c)| c);
    let offset = |p: usize| chars.get(p).map_or(text.len(), |&(o, _)| o);
    let digits_from = |p: usize| {
        let mut q = p;
        while at(q).is_some_and(|c| c.is_ascii_digit()) {
            q += 1;
        }
        q - p
    };
    let mut tokens = Vec::new();
    let mut p = 0;
    let mut spaced = true;
    while let Some(c) = at(p) {
        let start = p;
        if c.is_whitespace() {
            spaced = true;
            p += 1;
            continue;
        }
        let mut kind;
        if c.is_ascii_digit() {
            let mut value = String::new();
            let mut ambiguous = false;
            let mut grouped = false;
            let first = digits_from(p);
            value.extend((p..p + first).filter_map(at));
            p += first;
            // Thousands separated by commas: "1,200".
            while at(p) == Some(',') && at(p + 1).is_some_and(|c| c.is_ascii_digit()) {
                let n = digits_from(p + 1);
                if n != 3 || first > 3 {
                    ambiguous = true;
                }
                value.extend((p + 1..p + 1 + n).filter_map(at));
                p += 1 + n;
                grouped = true;
            }
            // Thousands separated by spaces: "1 200".
            if !grouped && first <= 3 {
                while at(p).is_some_and(is_group_space)
                    && digits_from(p + 1) == 3
                    && !at(p + 4).is_some_and(|c| c.is_alphanumeric() || c == ',')
                {
                    value.extend((p + 1..p + 4).filter_map(at));
                    p += 4;
                    grouped = true;
                }
            }
            // A decimal part: "1.5".
            if at(p) == Some('.') && at(p + 1).is_some_and(|c| c.is_ascii_digit()) {
                let n = digits_from(p + 1);
                if n == 3 && !grouped {
                    ambiguous = true;
                }
                value.push('.');
                value.extend((p + 1..p + 1 + n).filter_map(at));
                p += 1 + n;
            }
            kind = Kind::Number(if ambiguous { None } else { value.parse().ok() });
            if at(p).is_some_and(char::is_alphanumeric) {
                let mut q = p;
                while at(q).is_some_and(char::is_alphanumeric) {
                    q += 1;
                }
                let letters: String = (p..q).filter_map(at).collect::<String>().to_lowercase();
                if ATTACHED_UNITS.contains(&letters.as_str()) {
                    tokens.push(Token {
                        kind,
                        start: offset(start),
                        end: offset(p),
                        spaced,
                    });
                    tokens.push(Token {
                        kind: Kind::Word(letters),
                        start: offset(p),
                        end: offset(q),
                        spaced: false,
                    });
                    spaced = false;
                    p = q;
                    continue;
                }
                kind = Kind::Mixed;
                p = q;
            }
        } else if c.is_alphabetic() {
            let mut digits = false;
            while let Some(c) = at(p) {
                let joins = matches!(c, '-' | '\'' | '’')
                    && at(p + 1).is_some_and(char::is_alphabetic)
                    && p > start;
                if c.is_alphanumeric() || joins {
                    digits |= c.is_ascii_digit();
                    p += 1;
                } else {
                    break;
                }
            }
            let word: String = (start..p).filter_map(at).collect::<String>().to_lowercase();
            kind = if digits {
                Kind::Mixed
            } else {
                Kind::Word(word)
            };
        } else {
            kind = match c {
                '-' | '–' | '—' | '‒' | '−' => Kind::Dash,
                '%' => Kind::Percent,
                '~' | '≈' => Kind::Tilde,
                '+' => Kind::Plus,
                other => Kind::Punct(other),
            };
            p += 1;
        }
        tokens.push(Token {
            kind,
            start: offset(start),
            end: offset(p),
            spaced,
        });
        spaced = false;
    }
    tokens
}

// --- Numbers ------------------------------------------------------------------

/// The value of a small number word ("two", "twenty", "twenty-five").
fn small_number(word: &str) -> Option<f64> {
    const ONES: &[&str] = &[
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: &[&str] = &[
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    if let Some(n) = ONES.iter().position(|w| *w == word) {
        return (n > 0).then_some(n as f64);
    }
    if let Some(n) = TENS.iter().position(|w| *w == word) {
        return Some(((n + 2) * 10) as f64);
    }
    let (tens, ones) = word.split_once('-')?;
    let tens = TENS.iter().position(|w| *w == tens)?;
    let ones = ONES
        .iter()
        .position(|w| *w == ones)
        .filter(|&n| (1..10).contains(&n))?;
    Some(((tens + 2) * 10 + ones) as f64)
}

/// The value of a multiplier word ("hundred").
fn multiplier(word: &str) -> Option<f64> {
    match word {
        "dozen" => Some(12.0),
        "hundred" => Some(100.0),
        "thousand" => Some(1e3),
        "million" => Some(1e6),
        "billion" => Some(1e9),
        _ => None,
    }
}

/// The interval of a plural multiplier ("hundreds" = [200, 999]).
fn plural(word: &str) -> Option<(f64, f64)> {
    match word {
        "dozens" => Some((24.0, 99.0)),
        "tens" => Some((20.0, 99.0)),
        "hundreds" => Some((200.0, 999.0)),
        "thousands" => Some((2e3, 9_999.0)),
        "millions" => Some((2e6, 9_999_999.0)),
        "billions" => Some((2e9, 9_999_999_999.0)),
        _ => None,
    }
}

/// What kind of number a core is.
#[derive(Clone, Copy, Debug, PartialEq)]
enum CoreKind {
    /// One number.
    Number,
    /// A dozen or so: a round estimate.
    Dozen,
    /// Two numbers.
    Range,
    /// A vague multiple.
    Vague,
}

/// A number or range found in the tokens, before its qualifier is applied.
#[derive(Clone, Debug)]
struct Core {
    low: f64,
    high: f64,
    kind: CoreKind,
    /// The token after it.
    end: usize,
    /// The word "one" and nothing else.
    bare_one: bool,
    /// The multiplier word that ended it ("3 million": a million), or 1.
    scale: f64,
}

impl Core {
    /// The quantity this core means under a qualifier.
    fn quantity(&self, qualifier: Option<Qualifier>, unit: String) -> Quantity {
        let qualifier = qualifier.unwrap_or(match self.kind {
            CoreKind::Number => Qualifier::Exact,
            CoreKind::Dozen => Qualifier::About,
            CoreKind::Range => Qualifier::Range,
            CoreKind::Vague => Qualifier::Several,
        });
        let (low, high) = match qualifier {
            Qualifier::Exact | Qualifier::Range | Qualifier::Several => (self.low, self.high),
            Qualifier::About => (
                self.low * (1.0 - ABOUT_FRACTION),
                self.high * (1.0 + ABOUT_FRACTION),
            ),
            Qualifier::Nearly => (self.low * NEARLY_FRACTION, self.high),
            Qualifier::AtMost | Qualifier::Under => (0.0, self.high),
            Qualifier::AtLeast | Qualifier::Over => (self.low, f64::INFINITY),
        };
        Quantity {
            low,
            high,
            qualifier,
            unit,
        }
    }
}

/// A view over tokens with the grammar of figures.
struct Tokens<'a>(&'a [Token]);

impl Tokens<'_> {
    /// The word at `i`, if that token is a word.
    fn word(&self, i: usize) -> Option<&str> {
        match self.0.get(i).map(|t| &t.kind) {
            Some(Kind::Word(w)) => Some(w.as_str()),
            _ => None,
        }
    }

    /// The kind of the token at `i`.
    fn kind(&self, i: usize) -> Option<&Kind> {
        self.0.get(i).map(|t| &t.kind)
    }

    /// Whether the token at `i` directly follows the one before it, without space.
    fn attached(&self, i: usize) -> bool {
        self.0.get(i).is_some_and(|t| !t.spaced)
    }

    /// Whether the words `phrase` start at `i`.
    fn phrase_at(&self, i: usize, phrase: &[&str]) -> bool {
        phrase
            .iter()
            .enumerate()
            .all(|(k, w)| self.word(i + k) == Some(w))
    }

    /// The text of tokens `from..to`, spaces made plain.
    fn original(&self, text: &str, from: usize, to: usize) -> String {
        let (Some(first), Some(last)) = (self.0.get(from), self.0.get(to.saturating_sub(1))) else {
            return String::new();
        };
        let slice = text.get(first.start..last.end).unwrap_or_default();
        slice.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// Whether everything from `i` on is words (after a unit of measure: `of` and words, or nothing).
    fn words_only(&self, i: usize, after_measure: bool) -> bool {
        let rest = self.0.get(i..).unwrap_or_default();
        if after_measure && !rest.is_empty() && self.word(i) != Some("of") {
            return false;
        }
        rest.iter().all(|t| matches!(t.kind, Kind::Word(_)))
    }

    /// The words from `i` on.
    fn words_from(&self, i: usize) -> Vec<&str> {
        (i..self.0.len()).filter_map(|k| self.word(k)).collect()
    }

    /// A whole number in digits, if the token at `i` is one.
    fn integer(&self, i: usize) -> Option<f64> {
        match self.kind(i) {
            Some(Kind::Number(Some(n))) if n.fract() == 0.0 => Some(*n),
            _ => None,
        }
    }

    /// A date starting at `i` ("May 27", "June 24, 2022", "14 June"): the token after it.
    fn date_at(&self, i: usize) -> Option<usize> {
        let is_month = |k: usize| self.word(k).is_some_and(|w| MONTHS.contains(&w));
        let is_day = |k: usize| {
            self.integer(k).is_some_and(|n| {
                (1.0..=31.0).contains(&n) && self.0.get(k).is_some_and(|t| t.end - t.start <= 2)
            })
        };
        let is_year = |k: usize| {
            self.integer(k)
                .is_some_and(|n| (1000.0..=2999.0).contains(&n))
                && self.0.get(k).is_some_and(|t| t.end - t.start == 4)
        };
        if is_month(i) && is_day(i + 1) {
            if self.kind(i + 2) == Some(&Kind::Punct(',')) && is_year(i + 3) {
                return Some(i + 4);
            }
            return Some(if is_year(i + 2) { i + 3 } else { i + 2 });
        }
        if is_day(i) && is_month(i + 1) {
            return Some(if is_year(i + 2) { i + 3 } else { i + 2 });
        }
        if is_month(i) && self.word(i) != Some("may") && is_year(i + 1) {
            return Some(i + 2);
        }
        None
    }

    /// A qualifier starting at `i`: what it says and the token after it.
    fn qualifier_at(&self, i: usize) -> Option<(Qualifier, usize)> {
        if self.kind(i) == Some(&Kind::Tilde) {
            return Some((Qualifier::About, i + 1));
        }
        let (phrase, qualifier) = PREFIXES
            .iter()
            .filter(|(phrase, _)| self.phrase_at(i, phrase))
            .max_by_key(|(phrase, _)| phrase.len())?;
        let mut end = i + phrase.len();
        // "approx." and "ca." end with a dot.
        if matches!(phrase.first(), Some(&"approx")) && self.kind(end) == Some(&Kind::Punct('.')) {
            end += 1;
        }
        Some((*qualifier, end))
    }

    /// A qualifier written after a number ("or more", "+", "-odd"): what it says and the token after it.
    fn suffix_at(&self, i: usize) -> Option<(Qualifier, usize)> {
        if self.kind(i) == Some(&Kind::Plus) && self.attached(i) {
            return Some((Qualifier::AtLeast, i + 1));
        }
        if self.kind(i) == Some(&Kind::Dash) && self.word(i + 1) == Some("odd") {
            return Some((Qualifier::About, i + 2));
        }
        if self.word(i) == Some("or") {
            let qualifier = match self.word(i + 1)? {
                "more" | "above" | "over" => Qualifier::AtLeast,
                "so" | "thereabouts" => Qualifier::About,
                "less" | "fewer" => Qualifier::AtMost,
                _ => return None,
            };
            return Some((qualifier, i + 2));
        }
        None
    }

    /// A unit of measure at `i` ("%", "per cent", "weeks", "-millimeter"): the unit and the token after it.
    fn measure_at(&self, i: usize) -> Option<(String, usize)> {
        if self.kind(i) == Some(&Kind::Percent) {
            return Some(("%".to_owned(), i + 1));
        }
        if self.phrase_at(i, &["per", "cent"]) {
            return Some(("%".to_owned(), i + 2));
        }
        // "155-millimeter".
        if self.kind(i) == Some(&Kind::Dash) && self.attached(i) && self.attached(i + 1) {
            let word = self.word(i + 1)?;
            return MEASURES.contains(&word).then(|| (word.to_owned(), i + 2));
        }
        let word = self.word(i)?;
        MEASURES.contains(&word).then(|| (word.to_owned(), i + 1))
    }

    /// A number in digits, optionally with a multiplier word ("1.5 million").
    fn digits_at(&self, i: usize) -> Option<Core> {
        let Some(Kind::Number(value)) = self.kind(i) else {
            return None;
        };
        let value = (*value)?;
        // "Orlan-10", "24/7", "10:30": part of a name or another notation.
        let after_name = self.kind(i.wrapping_sub(1)) == Some(&Kind::Dash)
            && self.attached(i)
            && self.attached(i.wrapping_sub(1))
            && matches!(self.kind(i.wrapping_sub(2)), Some(Kind::Word(_)));
        let joined = |k: usize| matches!(self.kind(k), Some(Kind::Punct('/' | ':')));
        if after_name
            || (self.attached(i) && joined(i.wrapping_sub(1)))
            || (self.attached(i + 1) && joined(i + 1))
        {
            return None;
        }
        let (scale, end) = match self.word(i + 1).and_then(multiplier) {
            Some(m) if m > 12.0 => (m, i + 2),
            _ => (1.0, i + 1),
        };
        Some(Core {
            low: value * scale,
            high: value * scale,
            kind: CoreKind::Number,
            end,
            bare_one: false,
            scale,
        })
    }

    /// A number in words ("two", "twenty-five", "two thousand", "a dozen"), or `None`.
    fn words_number_at(&self, i: usize) -> Option<Core> {
        let mut total = 0.0;
        let mut current = 0.0;
        let mut k = i;
        let mut seen = false;
        let mut dozen = false;
        let mut last_small = false;
        let mut last_tens = false;
        let mut scale = 1.0;
        while let Some(word) = self.word(k) {
            if word == "a" && !seen {
                if self.word(k + 1).and_then(multiplier).is_none() {
                    break;
                }
                current = 1.0;
                seen = true;
                k += 1;
                continue;
            }
            if word == "and"
                && seen
                && current >= 100.0
                && self.word(k + 1).and_then(small_number).is_some()
            {
                k += 1;
                last_small = false;
                last_tens = false;
                continue;
            }
            if let Some(n) = small_number(word) {
                scale = 1.0;
                let joins_tens = last_tens && n < 10.0;
                if !joins_tens && (last_small || current % 100.0 != 0.0) {
                    break;
                }
                current += n;
                last_tens = n >= 20.0 && n % 10.0 == 0.0 && !word.contains('-');
                last_small = true;
                seen = true;
                k += 1;
                continue;
            }
            match (word, multiplier(word)) {
                ("dozen", _) if seen => {
                    current *= 12.0;
                    dozen = true;
                }
                ("hundred", _) if seen && current < 100.0 => {
                    current *= 100.0;
                    scale = 100.0;
                }
                (_, Some(m)) if seen && m >= 1e3 => {
                    total += current * m;
                    current = 0.0;
                    scale = m;
                }
                _ => break,
            }
            last_small = false;
            last_tens = false;
            k += 1;
        }
        if !seen || total + current == 0.0 {
            return None;
        }
        let value = total + current;
        Some(Core {
            low: value,
            high: value,
            kind: if dozen {
                CoreKind::Dozen
            } else {
                CoreKind::Number
            },
            end: k,
            bare_one: k == i + 1 && self.word(i) == Some("one"),
            scale,
        })
    }

    /// One number, in digits or words.
    fn simple_at(&self, i: usize) -> Option<Core> {
        self.digits_at(i).or_else(|| self.words_number_at(i))
    }

    /// A vague multiple ("several hundred", "dozens", "tens of thousands").
    fn vague_at(&self, i: usize) -> Option<Core> {
        let (factor, start) = if self.word(i) == Some("several") {
            ((2.0, 9.0), i + 1)
        } else if self.phrase_at(i, &["a", "few"]) {
            ((2.0, 5.0), i + 2)
        } else {
            let mut interval = plural(self.word(i)?)?;
            let mut end = i + 1;
            // "tens of thousands", "hundreds of thousands".
            while self.word(end) == Some("of") {
                let Some((low, _)) = self.word(end + 1).and_then(plural) else {
                    break;
                };
                let m = low / 2.0;
                interval = (interval.0 * m, interval.1 * m);
                end += 2;
            }
            if self.word(i) == Some("tens") && end == i + 1 {
                return None;
            }
            return Some(Core {
                low: interval.0,
                high: interval.1,
                kind: CoreKind::Vague,
                end,
                bare_one: false,
                scale: 1.0,
            });
        };
        let mut m = 1.0;
        let mut end = start;
        while let Some(next) = self.word(end).and_then(multiplier) {
            m *= next;
            end += 1;
        }
        (end > start).then_some(Core {
            low: factor.0 * m,
            high: factor.1 * m,
            kind: CoreKind::Vague,
            end,
            bare_one: false,
            scale: 1.0,
        })
    }

    /// A number, range or vague multiple starting at `i`.
    fn core_at(&self, i: usize) -> Option<Core> {
        if let Some(core) = self.vague_at(i) {
            return Some(core);
        }
        for (open, join) in [("between", "and"), ("from", "to")] {
            if self.word(i) == Some(open) {
                let a = self.simple_at(i + 1)?;
                if self.word(a.end) != Some(join) {
                    return None;
                }
                let b = self.simple_at(a.end + 1)?;
                return range(a, b);
            }
        }
        let a = self.simple_at(i)?;
        let joined = match self.kind(a.end) {
            Some(Kind::Dash) => matches!(self.kind(a.end + 1), Some(Kind::Number(_))),
            Some(Kind::Word(w)) => w == "to",
            _ => false,
        };
        if joined
            && a.kind == CoreKind::Number
            && let Some(b) = self.simple_at(a.end + 1)
        {
            return range(a, b);
        }
        Some(a)
    }

    /// A figure at `i` for suggestions: its text and the token after it.
    fn figure_at(&self, text: &str, i: usize) -> Option<(String, usize)> {
        let (qualifier, start) = match self.qualifier_at(i) {
            Some((qualifier, end)) => (Some(qualifier), end),
            None => (None, i),
        };
        let core = self.core_at(start)?;
        if core.bare_one && qualifier.is_none() {
            return None;
        }
        let mut end = core.end;
        if qualifier.is_none()
            && let Some((_, after)) = self.suffix_at(end)
        {
            end = after;
        }
        if let Some((_, after)) = self.measure_at(end) {
            return Some((self.original(text, i, after).to_lowercase(), after));
        }
        let mut phrase = self.original(text, i, end).to_lowercase();
        let part = PART_OF
            .iter()
            .any(|p| i >= p.len() && self.phrase_at(i - p.len(), p));
        if let Some(noun) = self.word(end).filter(|w| part && !NOT_NOUNS.contains(w)) {
            phrase.push(' ');
            phrase.push_str(noun);
            end += 1;
        }
        Some((phrase, end))
    }
}

/// Two numbers as a range, or `None` when they are reversed ("400-300").
fn range(a: Core, b: Core) -> Option<Core> {
    // "2-3 million": the multiplier of the second end applies to the first.
    let low = if a.scale == 1.0 && b.scale > 1.0 {
        a.low * b.scale
    } else {
        a.low
    };
    (low <= b.high && a.kind == CoreKind::Number && b.kind == CoreKind::Number).then_some(Core {
        low,
        high: b.high,
        kind: CoreKind::Range,
        end: b.end,
        bare_one: false,
        scale: 1.0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    use Qualifier::{About, AtLeast, AtMost, Exact, Nearly, Over, Range, Several, Under};

    const INF: f64 = f64::INFINITY;

    /// Checks one figure: what it parses to.
    fn check(text: &str, low: f64, high: f64, qualifier: Qualifier, unit: &str) {
        let Some(q) = parse_value(text) else {
            panic!("“{text}” did not parse");
        };
        let close = |a: f64, b: f64| a == b || (a - b).abs() < 1e-6 * b.abs().max(1.0);
        assert!(
            close(q.low, low) && close(q.high, high) && q.qualifier == qualifier && q.unit == unit,
            "“{text}” → {q:?}, expected [{low}, {high}] {qualifier:?} “{unit}”"
        );
    }

    #[test]
    fn figures_parse_to_the_interval_their_qualifier_means() {
        let table: &[(&str, f64, f64, Qualifier, &str)] = &[
            // Numbers as written.
            ("568", 568.0, 568.0, Exact, ""),
            ("1,200", 1200.0, 1200.0, Exact, ""),
            ("1 200", 1200.0, 1200.0, Exact, ""),
            ("1\u{a0}200", 1200.0, 1200.0, Exact, ""),
            ("2,000", 2000.0, 2000.0, Exact, ""),
            ("1,200,000", 1.2e6, 1.2e6, Exact, ""),
            ("1.5 million", 1.5e6, 1.5e6, Exact, ""),
            ("2 million", 2e6, 2e6, Exact, ""),
            ("568.", 568.0, 568.0, Exact, ""),
            // Ranges.
            ("300-400", 300.0, 400.0, Range, ""),
            ("300–400", 300.0, 400.0, Range, ""),
            ("300 - 400", 300.0, 400.0, Range, ""),
            ("300 to 400", 300.0, 400.0, Range, ""),
            ("between 300 and 400", 300.0, 400.0, Range, ""),
            ("from 300 to 400", 300.0, 400.0, Range, ""),
            ("2-3 million", 2e6, 3e6, Range, ""),
            ("five to six", 5.0, 6.0, Range, ""),
            // About: ±20%.
            ("about 500", 400.0, 600.0, About, ""),
            ("around 500", 400.0, 600.0, About, ""),
            ("some 500", 400.0, 600.0, About, ""),
            ("roughly 500", 400.0, 600.0, About, ""),
            ("approximately 500", 400.0, 600.0, About, ""),
            ("approx. 500", 400.0, 600.0, About, ""),
            ("an estimated 500", 400.0, 600.0, About, ""),
            ("close to 500", 400.0, 600.0, About, ""),
            ("~500", 400.0, 600.0, About, ""),
            ("500 or so", 400.0, 600.0, About, ""),
            ("500-odd", 400.0, 600.0, About, ""),
            ("About 300-400", 240.0, 480.0, About, ""),
            ("a dozen", 9.6, 14.4, About, ""),
            ("two dozen", 19.2, 28.8, About, ""),
            // Nearly: [0.85 N, N].
            ("nearly 400", 340.0, 400.0, Nearly, ""),
            ("almost 400", 340.0, 400.0, Nearly, ""),
            ("just under 400", 340.0, 400.0, Nearly, ""),
            ("Almost 300-400", 255.0, 400.0, Nearly, ""),
            // Ceilings and floors.
            ("up to 500", 0.0, 500.0, AtMost, ""),
            ("Up to 500", 0.0, 500.0, AtMost, ""),
            ("as many as 500", 0.0, 500.0, AtMost, ""),
            ("no more than 500", 0.0, 500.0, AtMost, ""),
            ("500 or fewer", 0.0, 500.0, AtMost, ""),
            ("less than 100", 0.0, 100.0, Under, ""),
            ("fewer than 100", 0.0, 100.0, Under, ""),
            ("at least 1,200", 1200.0, INF, AtLeast, ""),
            ("1,200 or more", 1200.0, INF, AtLeast, ""),
            ("500+", 500.0, INF, AtLeast, ""),
            ("more than 120", 120.0, INF, Over, ""),
            ("over 120", 120.0, INF, Over, ""),
            ("upwards of 120", 120.0, INF, Over, ""),
            // Vague multiples.
            ("several hundred", 200.0, 900.0, Several, ""),
            ("a few hundred", 200.0, 500.0, Several, ""),
            ("several thousand", 2000.0, 9000.0, Several, ""),
            ("hundreds", 200.0, 999.0, Several, ""),
            ("dozens", 24.0, 99.0, Several, ""),
            ("thousands", 2000.0, 9999.0, Several, ""),
            ("millions", 2e6, 9_999_999.0, Several, ""),
            ("tens of thousands", 20_000.0, 99_000.0, Several, ""),
            ("hundreds of thousands", 200_000.0, 999_000.0, Several, ""),
            // Number words.
            ("one", 1.0, 1.0, Exact, ""),
            ("two", 2.0, 2.0, Exact, ""),
            ("three", 3.0, 3.0, Exact, ""),
            ("seven", 7.0, 7.0, Exact, ""),
            ("twelve", 12.0, 12.0, Exact, ""),
            ("nineteen", 19.0, 19.0, Exact, ""),
            ("twenty", 20.0, 20.0, Exact, ""),
            ("thirty", 30.0, 30.0, Exact, ""),
            ("ninety", 90.0, 90.0, Exact, ""),
            ("twenty-five", 25.0, 25.0, Exact, ""),
            ("twenty five", 25.0, 25.0, Exact, ""),
            ("a hundred", 100.0, 100.0, Exact, ""),
            ("two hundred and fifty", 250.0, 250.0, Exact, ""),
            ("two thousand", 2000.0, 2000.0, Exact, ""),
            ("one thousand five hundred", 1500.0, 1500.0, Exact, ""),
            ("three million", 3e6, 3e6, Exact, ""),
            // Units.
            ("two weeks", 2.0, 2.0, Exact, "weeks"),
            ("38 children", 38.0, 38.0, Exact, "children"),
            ("about 500 civilians", 400.0, 600.0, About, "civilians"),
            (
                "nearly 400 Ukrainian soldiers",
                340.0,
                400.0,
                Nearly,
                "soldiers",
            ),
            (
                "tens of thousands of troops",
                20_000.0,
                99_000.0,
                Several,
                "troops",
            ),
            ("up to 90%", 0.0, 90.0, AtMost, "%"),
            ("90 per cent", 90.0, 90.0, Exact, "%"),
            ("over 90% of the houses", 90.0, INF, Over, "%"),
            ("10km", 10.0, 10.0, Exact, "km"),
            ("155-millimeter", 155.0, 155.0, Exact, "millimeter"),
        ];
        for &(text, low, high, qualifier, unit) in table {
            check(text, low, high, qualifier, unit);
        }
    }

    #[test]
    fn ambiguous_text_is_not_a_figure() {
        for text in [
            "",
            "   ",
            "May 27",
            "27 May",
            "June 24, 2022",
            "June 2022",
            "1.200",
            "1,20",
            "12,34,567",
            "400-300",
            "up to 500 or more",
            "several",
            "a few",
            "many",
            "hundred",
            "1.5m",
            "2k",
            "24th",
            "568 on June 3",
            "Kadyrov",
            "-5",
            "two three",
            "twenty thirty",
            "568 civilians were sheltering in the plant today",
        ] {
            assert_eq!(parse_value(text), None, "“{text}” should not parse");
        }
    }

    /// Whether two written figures conflict, checked both ways round.
    fn conflict(a: &str, b: &str) -> bool {
        let (Some(x), Some(y)) = (parse_value(a), parse_value(b)) else {
            panic!("“{a}” or “{b}” did not parse");
        };
        assert_eq!(conflicts(&x, &y), conflicts(&y, &x), "{a} / {b}");
        conflicts(&x, &y)
    }

    #[test]
    fn conflicts_respect_ranges_qualifiers_and_units() {
        let table: &[(&str, &str, bool)] = &[
            // The sample's troops at Azot agree with one another.
            ("300-400", "nearly 400", false),
            ("300-400", "almost 400", false),
            ("nearly 400", "almost 400", false),
            ("Almost 300-400", "about 300-400", false),
            // The sample's civilians at Azot do not.
            ("568", "1,200", true),
            ("568", "at least 1,200", true),
            ("about 500", "at least 1,200", true),
            ("several hundred", "at least 1,200", true),
            ("up to 500", "568", true),
            // A rounded figure and a count it rounds: no conflict (see the module's rules).
            ("about 500", "568", false),
            ("up to 500", "about 500", false),
            ("several hundred", "568", false),
            ("around 2,000", "up to 2,000", false),
            // Exact figures must match; bounds are inclusive.
            ("568", "570", true),
            ("568", "568", false),
            ("more than 120", "120", false),
            ("over 90%", "up to 90%", false),
            ("less than 100", "120", true),
            // Units must agree, or one be missing.
            ("38 children", "568 civilians", false),
            ("38 children", "40 children", true),
            ("38 children", "about 40 children", false),
            ("38 children", "40", true),
            ("two weeks", "14 days", false),
            ("10 km", "12 kilometers", true),
            ("10 km", "10 kilometres", false),
            ("dozens", "a dozen", true),
            ("tens of thousands", "thousands", true),
        ];
        for &(a, b, expected) in table {
            assert_eq!(conflict(a, b), expected, "“{a}” vs “{b}”");
        }
    }

    #[test]
    fn quantities_describe_their_interval() {
        let shown = |text: &str| parse_value(text).map(|q| q.to_string()).unwrap_or_default();
        assert_eq!(shown("about 500"), "400–600");
        assert_eq!(shown("at least 1,200"), "1,200 or more");
        assert_eq!(shown("over 90%"), "90% or more");
        assert_eq!(shown("38 children"), "38 children");
        assert_eq!(shown("1.5 million"), "1,500,000");
        assert_eq!(shown("a dozen"), "9.6–14.4");
        assert_eq!(Qualifier::AtMost.label(), "up to");
    }

    #[test]
    fn suggestions_keep_qualifiers_units_of_measure_and_parts() {
        let table: &[(&str, &[&str])] = &[
            ("about 500 civilians were sheltering", &["about 500"]),
            (
                "estimated at 568 civilians, including 38 children.",
                &["568", "38 children"],
            ),
            ("between 300 and 400 troops", &["between 300 and 400"]),
            ("About 300–400 Ukrainian militants", &["about 300–400"]),
            ("sheltering 1 200 people", &["1 200"]),
            (
                "Moscow said it surrounded up to 2,000 troops",
                &["up to 2,000"],
            ),
            ("with several hundred civilians", &["several hundred"]),
            ("along with 40 children", &["40 children"]),
            ("supplies for two weeks", &["two weeks"]),
            (
                "more than 10 kilometers toward the city",
                &["more than 10 kilometers"],
            ),
            ("1.5 million people fled", &["1.5 million"]),
            // Not figures: names, handles, links, ordinals, times, pronouns.
            ("Orlan-10 drones", &[]),
            ("(@ CanadianUkrain1) pic.twitter.com/aEh3NfA2e8", &[]),
            ("on the 24th, at 10:30, 24/7", &[]),
            ("separated from one another, one of them", &[]),
            ("several months, a few battles, for weeks", &[]),
            // Dates, as written.
            ("On June 15, Russia", &["June 15"]),
            ("Since 14 June, officials", &["14 June"]),
            // Repeats are offered once.
            ("up to 90% … (up to 90%)", &["up to 90%"]),
        ];
        for &(text, expected) in table {
            assert_eq!(numbers_in(text), expected, "in “{text}”");
        }
    }

    /// Every figure of the five articles of the sample corpus, as suggested.
    const CORPUS: &[(&str, &[&str])] = &[
        (
            include_str!("../assets/corpus/01-foreign-legion-counterattack.txt"),
            &[
                "May 27",
                "three",
                "several hundred",
                "June 24, 2022",
                "June 23, 2022",
                "June 13, 2022",
            ],
        ),
        (
            include_str!("../assets/corpus/02-nitrogen-plant-holds-firm.txt"),
            &[
                "two weeks",
                "568",
                "38 children",
                "two",
                "more than 10 kilometers",
                "a dozen",
                "155-millimeter",
                "twenty",
            ],
        ),
        (
            include_str!("../assets/corpus/03-ordered-to-retreat.txt"),
            &[
                "3 min",
                "two",
                "over 90%",
                "four months",
                "at least 1,200",
                "more than 120 children",
                "about 500",
                "40 children",
                "June 15",
                "14 June",
            ],
        ),
        (
            include_str!("../assets/corpus/04-troops-evacuate-rubble.txt"),
            &[
                "about 10 km",
                "around 2,000",
                "four months",
                "tens of thousands",
                "thousands",
                "millions",
                "February 24",
                "up to 2,000",
                "2014",
                "May 9",
                "June 24",
                "16",
                "two",
            ],
        ),
        (
            include_str!("../assets/corpus/05-surrounded-at-azot.txt"),
            &[
                "nearly 400",
                "almost 400",
                "almost 300-400",
                "about 500",
                "about 300-400",
                "up to 500",
                "24 hours",
                "up to 90%",
            ],
        ),
    ];

    #[test]
    fn every_figure_of_the_corpus_is_found() {
        for (i, &(text, expected)) in CORPUS.iter().enumerate() {
            assert_eq!(numbers_in(text), expected, "article {}", i + 1);
        }
    }

    #[test]
    fn every_figure_of_the_corpus_parses_as_documented() {
        let table: &[(&str, f64, f64, Qualifier, &str)] = &[
            ("three", 3.0, 3.0, Exact, ""),
            ("several hundred", 200.0, 900.0, Several, ""),
            ("two weeks", 2.0, 2.0, Exact, "weeks"),
            ("568", 568.0, 568.0, Exact, ""),
            ("38 children", 38.0, 38.0, Exact, "children"),
            ("two", 2.0, 2.0, Exact, ""),
            ("more than 10 kilometers", 10.0, INF, Over, "kilometers"),
            ("a dozen", 9.6, 14.4, About, ""),
            ("155-millimeter", 155.0, 155.0, Exact, "millimeter"),
            ("twenty", 20.0, 20.0, Exact, ""),
            ("3 min", 3.0, 3.0, Exact, "min"),
            ("over 90%", 90.0, INF, Over, "%"),
            ("four months", 4.0, 4.0, Exact, "months"),
            ("at least 1,200", 1200.0, INF, AtLeast, ""),
            ("more than 120 children", 120.0, INF, Over, "children"),
            ("about 500", 400.0, 600.0, About, ""),
            ("40 children", 40.0, 40.0, Exact, "children"),
            ("about 10 km", 8.0, 12.0, About, "km"),
            ("around 2,000", 1600.0, 2400.0, About, ""),
            ("tens of thousands", 20_000.0, 99_000.0, Several, ""),
            ("thousands", 2000.0, 9999.0, Several, ""),
            ("millions", 2e6, 9_999_999.0, Several, ""),
            ("up to 2,000", 0.0, 2000.0, AtMost, ""),
            ("2014", 2014.0, 2014.0, Exact, ""),
            ("16", 16.0, 16.0, Exact, ""),
            ("nearly 400", 340.0, 400.0, Nearly, ""),
            ("almost 400", 340.0, 400.0, Nearly, ""),
            ("almost 300-400", 255.0, 400.0, Nearly, ""),
            ("about 300-400", 240.0, 480.0, About, ""),
            ("up to 500", 0.0, 500.0, AtMost, ""),
            ("24 hours", 24.0, 24.0, Exact, "hours"),
            ("up to 90%", 0.0, 90.0, AtMost, "%"),
        ];
        for &(text, low, high, qualifier, unit) in table {
            check(text, low, high, qualifier, unit);
        }
        // Every suggestion is in the table, or is a date and no quantity.
        for &(text, _) in CORPUS {
            for figure in numbers_in(text) {
                let listed = table.iter().any(|row| row.0 == figure);
                let month = figure
                    .split([' ', ','])
                    .any(|w| MONTHS.contains(&w.to_lowercase().as_str()));
                let date = month && parse_value(&figure).is_none();
                assert!(listed || date, "“{figure}” is neither listed nor a date");
            }
        }
    }
}
