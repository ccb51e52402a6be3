//! A deterministic stress project: hundreds of documents, tens of thousands of
//! claims, for benchmarks and for trying the window at real scale.
//!
//! At scale 1: 300 documents with about 12 MB of text (five of them about 1 MB
//! each), 30,000 claims (at least 1,000 on each of the five longest documents,
//! some overlapping), 1,000 propositions, 300 sources and 200 tags. The text is
//! made of sentences like real reporting: quotes straight and curly, figures,
//! Cyrillic names, emoji. The same scale and seed always give the same project.
#![allow(
    clippy::indexing_slicing,
    reason = "a generator for benchmarks over fixed tables: every index is in range by construction, and a bug here should stop the benchmark"
)]

use crate::model::{
    CharRange, Claim, ClaimId, Colour, Document, DocumentId, Project, Proposition, PropositionId,
    QuoteSelector, Review, ReviewStatus, Source, SourceId, Stance, StanceId, Tag, TagId,
};

/// The seed used when none is given.
pub const DEFAULT_SEED: u64 = 0x7472_6961_6e67_6c65;

/// How many of the documents are long (about 1 MB each at scale 1).
pub const LONG_DOCUMENTS: usize = 5;

/// Documents at scale 1.
const DOCUMENTS: f64 = 300.0;
/// Bytes of text in each long document at scale 1.
const LONG_BYTES: f64 = 1_000_000.0;
/// Bytes of text in all documents at scale 1.
const TOTAL_BYTES: f64 = 12_000_000.0;
/// Claims at scale 1.
const CLAIMS: f64 = 30_000.0;
/// The share of the claims that goes to each long document.
const LONG_CLAIM_SHARE: f64 = 0.04;
/// Propositions, sources and tags at scale 1.
const PROPOSITIONS: f64 = 1_000.0;
const SOURCES: f64 = 300.0;
const TAGS: f64 = 200.0;
/// The share of claims made to overlap an earlier claim on the same document.
const OVERLAP_SHARE: u64 = 12;

/// A small, fast, seeded pseudo-random generator (SplitMix64).
#[derive(Clone, Debug)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// The next 128 random bits.
    pub fn next_u128(&mut self) -> u128 {
        (u128::from(self.next_u64()) << 64) | u128::from(self.next_u64())
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        // The slight bias of a modulus does not matter for test data.
        (self.next_u64() % n as u64) as usize
    }

    /// A number in `low..=high`.
    pub fn between(&mut self, low: usize, high: usize) -> usize {
        low + self.below(high.saturating_sub(low) + 1)
    }

    /// True `percent` times in a hundred.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }

    /// One of `items` (which must not be empty).
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const FIRST_NAMES: &[&str] = &[
    "Serhiy",
    "Oleksandr",
    "Maria",
    "Iryna",
    "Dmytro",
    "Olena",
    "Ivan",
    "Natalia",
    "Andriy",
    "Kateryna",
    "Сергій",
    "Олександр",
    "Марія",
    "Ірина",
    "Дмитро",
    "Олена",
    "Іван",
    "Наталія",
    "Андрій",
    "Катерина",
    "Tom",
    "Anna",
    "Jörg",
    "Zoë",
];

const LAST_NAMES: &[&str] = &[
    "Haidai",
    "Striuk",
    "Zakharova",
    "Venediktova",
    "Kuleba",
    "Shevchenko",
    "Bondarenko",
    "Kovalenko",
    "Гайдай",
    "Стрюк",
    "Захарова",
    "Шевченко",
    "Бондаренко",
    "Коваленко",
    "Мельник",
    "Ткаченко",
    "Miller",
    "Novak",
    "García",
    "Østergaard",
];

const PLACES: &[&str] = &[
    "Sievierodonetsk",
    "Сєвєродонецьк",
    "Lysychansk",
    "Лисичанськ",
    "the Azot plant",
    "заводі «Азот»",
    "Rubizhne",
    "Popasna",
    "Toshkivka",
    "Bakhmut",
    "the industrial zone",
    "the city centre",
];

const OUTLETS: &[&str] = &[
    "Reuters",
    "AP",
    "BBC News",
    "Kyiv Independent",
    "Ukrainska Pravda",
    "Українська правда",
    "UNIAN",
    "Interfax-Ukraine",
    "TASS",
    "RIA Novosti",
    "Meduza",
    "Le Monde",
    "Der Spiegel",
    "The Guardian",
    "Al Jazeera",
];

const ROLES: &[&str] = &[
    "regional governor",
    "city mayor",
    "military spokesman",
    "defence ministry",
    "separatist official",
    "aid worker",
    "resident",
    "analyst",
    "police chief",
    "UN monitor",
];

const AFFILIATIONS: &[&str] = &[
    "Ukraine",
    "Russia",
    "LPR",
    "United Nations",
    "ICRC",
    "independent",
];

const ADJECTIVES: &[&str] = &[
    "catastrophic",
    "exaggerated",
    "stable",
    "unverified",
    "“absurd”",
    "very difficult",
    "under control",
    "critical",
];

const EMOJI: &[&str] = &["🇺🇦", "✊🏻", "🔥", "📍", "⚠️", "🙏", "💔"];

const ANNOTATORS: &[&str] = &["ana", "bohdan", "Олена", "chris", "dmytro.k"];

const TAG_ROOTS: &[&str] = &[
    "casualties",
    "evacuation",
    "shelling",
    "territory",
    "infrastructure",
    "humanitarian",
    "military",
    "politics",
    "media",
    "economy",
    "health",
    "energy",
    "transport",
    "rhetoric",
    "law",
    "weather",
    "sources",
    "figures",
    "quotes",
    "timeline",
];

const TAG_LEAVES: &[&str] = &[
    "civilian",
    "military",
    "claimed",
    "confirmed",
    "denied",
    "estimate",
    "official",
    "eyewitness",
    "disputed",
    "other",
];

/// A name from the lists: "Serhiy Haidai" or "Сергій Гайдай" (or a mix).
fn person(rng: &mut SplitMix64) -> String {
    format!("{} {}", rng.pick(FIRST_NAMES), rng.pick(LAST_NAMES))
}

/// One sentence of reporting, ending in a space.
fn sentence(rng: &mut SplitMix64, out: &mut String) {
    use std::fmt::Write as _;
    let name = person(rng);
    let place = *rng.pick(PLACES);
    let outlet = *rng.pick(OUTLETS);
    let role = *rng.pick(ROLES);
    let n = rng.between(2, 2_000);
    let day = rng.between(1, 30);
    let _ = match rng.below(12) {
        0 => write!(
            out,
            "{name} said {n} civilians remained in {place}, many of them children."
        ),
        1 => write!(
            out,
            "“We still have about {n} people sheltering in {place}”, {name} told {outlet} on June {day}."
        ),
        2 => write!(
            out,
            "According to {outlet}, about {}% of {place} was under Russian control {}",
            rng.between(5, 95),
            rng.pick(EMOJI)
        ),
        3 => write!(
            out,
            "The {role} reported \"{n} people\" were evacuated from {place} overnight."
        ),
        4 => write!(
            out,
            "{name} (the {role}) denied the figure of {n}, calling it {}.",
            rng.pick(ADJECTIVES)
        ),
        5 => write!(
            out,
            "Губернатор заявив, що в {place} залишаються {n} мирних жителів."
        ),
        6 => write!(
            out,
            "Shelling hit {place} at {}:{:02} local time; {} were reported wounded and {} killed.",
            rng.between(0, 23),
            rng.below(60),
            rng.between(1, 40),
            rng.between(0, 12)
        ),
        7 => write!(
            out,
            "‘The situation is {}’, a {role} in {place} said, asking not to be named.",
            rng.pick(ADJECTIVES)
        ),
        8 => write!(
            out,
            "{outlet} could not independently verify the claim of {n} casualties {}",
            rng.pick(EMOJI)
        ),
        9 => write!(
            out,
            "Officials put the number of those evacuated since {day} June at {n},{:03}.",
            rng.below(1000)
        ),
        10 => write!(
            out,
            "«Ситуація {}», — сказав {name} журналістам у {place}.",
            rng.pick(&["складна", "контрольована", "критична"])
        ),
        _ => write!(
            out,
            "Bridges to {place} were destroyed, {name} said, leaving roughly {n} residents cut off."
        ),
    };
    out.push(' ');
}

/// A text of about `bytes` bytes: paragraphs of two to eight sentences.
fn article_text(rng: &mut SplitMix64, bytes: usize) -> String {
    let mut text = String::with_capacity(bytes + 512);
    while text.len() < bytes {
        let sentences = rng.between(2, 8);
        for _ in 0..sentences {
            sentence(rng, &mut text);
        }
        // No trailing space before the line break.
        text.pop();
        text.push('\n');
        if rng.chance(10) {
            text.push('\n');
        }
    }
    while text.ends_with('\n') {
        text.pop();
    }
    text
}

/// The paragraphs of a text: byte start, char start and the line itself.
fn paragraphs(text: &str) -> Vec<(usize, usize, &str)> {
    let mut out = Vec::new();
    let mut byte = 0;
    let mut chars = 0;
    for line in text.split('\n') {
        if !line.trim().is_empty() {
            out.push((byte, chars, line));
        }
        byte += line.len() + 1;
        chars += line.chars().count() + 1;
    }
    out
}

/// Word-aligned byte bounds inside `line`: a start at or after `from`, an end near `from + len`.
fn word_span(line: &str, from: usize, len: usize) -> Option<(usize, usize)> {
    let mut start = from.min(line.len());
    while !line.is_char_boundary(start) {
        start += 1;
    }
    if start > 0 && !line[..start].ends_with(' ') {
        start = start + line[start..].find(' ')? + 1;
    }
    let mut end = (start + len).min(line.len());
    while !line.is_char_boundary(end) {
        end += 1;
    }
    end = line[end..].find(' ').map_or(line.len(), |at| end + at);
    let span = line.get(start..end)?;
    (!span.trim().is_empty() && !span.starts_with(' ')).then_some((start, end))
}

/// What claims point at: the ids of everything they may refer to.
struct Vocabulary {
    sources: Vec<SourceId>,
    tags: Vec<TagId>,
    propositions: Vec<PropositionId>,
    stances: Vec<StanceId>,
}

/// `count` claims on `document`, a few of them overlapping earlier ones.
fn claims_on(
    rng: &mut SplitMix64,
    document: &Document,
    count: usize,
    vocabulary: &Vocabulary,
    out: &mut Vec<Claim>,
) {
    let paragraphs = paragraphs(&document.text);
    if paragraphs.is_empty() {
        return;
    }
    // (paragraph, byte start, byte end) of the claims made so far, for overlaps.
    let mut made: Vec<(usize, usize, usize)> = Vec::with_capacity(count);
    let mut attempts = 0;
    while made.len() < count && attempts < count * 20 {
        attempts += 1;
        let overlap = !made.is_empty() && rng.chance(OVERLAP_SHARE);
        let (index, from, len) = if overlap {
            let &(index, start, end) = rng.pick(&made);
            let from = start + (end - start) / 2;
            (index, from, rng.between(10, 120))
        } else {
            let index = rng.below(paragraphs.len());
            let line_len = paragraphs[index].2.len();
            (index, rng.below(line_len), rng.between(15, 180))
        };
        let (byte_start, char_start, line) = paragraphs[index];
        let Some((start, end)) = word_span(line, from, len) else {
            continue;
        };
        let Some(quote) =
            QuoteSelector::of_bytes(&document.text, byte_start + start, byte_start + end)
        else {
            continue;
        };
        let first = char_start + line[..start].chars().count();
        let range = CharRange::new(first, first + quote.exact.chars().count());
        made.push((index, start, end));
        out.push(claim(rng, document.id, range, quote, vocabulary));
    }
}

/// A claim with plausible fields over `range`.
fn claim(
    rng: &mut SplitMix64,
    document: DocumentId,
    range: CharRange,
    quote: QuoteSelector,
    vocabulary: &Vocabulary,
) -> Claim {
    let day = rng.between(1, 28);
    let created = format!(
        "2026-0{}-{day:02}T{:02}:{:02}:{:02}Z",
        rng.between(1, 9),
        rng.below(24),
        rng.below(60),
        rng.below(60)
    );
    let tags =
        (0..rng.below(4))
            .map(|_| *rng.pick(&vocabulary.tags))
            .fold(Vec::new(), |mut tags, tag| {
                if !tags.contains(&tag) {
                    tags.push(tag);
                }
                tags
            });
    let review = rng.chance(10).then(|| Review {
        status: *rng.pick(&ReviewStatus::ALL),
        reviewer: (*rng.pick(ANNOTATORS)).to_owned(),
        comment: if rng.chance(50) {
            "Checked against the original broadcast.".to_owned()
        } else {
            String::new()
        },
        time: created.clone(),
    });
    Claim {
        id: ClaimId::from_u128(rng.next_u128()),
        document,
        range,
        quote,
        source: rng
            .chance(70)
            .then(|| *rng.pick(&vocabulary.sources))
            .filter(|_| !vocabulary.sources.is_empty()),
        stance: rng.chance(90).then(|| *rng.pick(&vocabulary.stances)),
        tags,
        proposition: rng
            .chance(80)
            .then(|| *rng.pick(&vocabulary.propositions))
            .filter(|_| !vocabulary.propositions.is_empty()),
        note: if rng.chance(20) {
            format!("Compare with the {} figure.", rng.pick(OUTLETS))
        } else {
            String::new()
        },
        value: if rng.chance(30) {
            rng.between(1, 5_000).to_string()
        } else {
            String::new()
        },
        annotator: (*rng.pick(ANNOTATORS)).to_owned(),
        modified: created.clone(),
        created,
        review,
        reanchored: None,
        orphaned: false,
    }
}

/// `base × scale`, rounded, and at least `least`.
fn scaled(base: f64, scale: f64, least: usize) -> usize {
    ((base * scale).round() as usize).max(least)
}

/// The stress project at `scale` (1.0: the full size) with the default seed.
pub fn project(scale: f64) -> Project {
    project_with_seed(scale, DEFAULT_SEED)
}

/// The full stress project, and `path` holding it: the file is written unless it
/// already loads as the very same project, so that a file an older generator left
/// there is never measured in its place.
pub fn project_on_disk(
    path: &std::path::Path,
) -> Result<Project, crate::io::project_file::SaveError> {
    let project = project(1.0);
    let current = crate::io::project_file::load(path).is_ok_and(|loaded| loaded.project == project);
    if !current {
        crate::io::project_file::save(path, &project)?;
    }
    Ok(project)
}

/// The stress project at `scale` from `seed`.
pub fn project_with_seed(scale: f64, seed: u64) -> Project {
    let scale = if scale.is_finite() && scale > 0.0 {
        scale
    } else {
        1.0
    };
    let mut rng = SplitMix64::new(seed);
    let mut project = Project::new(format!("Stress test (scale {scale})"));
    project.description =
        "A generated project for benchmarks: many documents, long texts, many claims.".into();

    project.sources = (0..scaled(SOURCES, scale, 1))
        .map(|i| Source {
            id: SourceId::from_u128(rng.next_u128()),
            name: format!("{} ({})", person(&mut rng), i + 1),
            role: (*rng.pick(ROLES)).to_owned(),
            affiliation: (*rng.pick(AFFILIATIONS)).to_owned(),
            notes: String::new(),
        })
        .collect();
    project.tags = (0..scaled(TAGS, scale, 1))
        .map(|i| {
            let root = TAG_ROOTS[i / TAG_LEAVES.len() % TAG_ROOTS.len()];
            let path = match i % TAG_LEAVES.len() {
                0 => root.to_owned(),
                leaf => format!("{root}/{}", TAG_LEAVES[leaf]),
            };
            let path = if i >= TAG_ROOTS.len() * TAG_LEAVES.len() {
                format!("{path}/{i}")
            } else {
                path
            };
            Tag {
                id: TagId::from_u128(rng.next_u128()),
                path,
                colour: Colour::palette(i),
            }
        })
        .collect();
    project.propositions = (0..scaled(PROPOSITIONS, scale, 1))
        .map(|i| Proposition {
            id: PropositionId::from_u128(rng.next_u128()),
            text: format!(
                "About {} civilians remained in {} on day {} (#{})",
                rng.between(10, 2000),
                rng.pick(PLACES),
                rng.between(1, 30),
                i + 1
            ),
            notes: String::new(),
        })
        .collect();
    let vocabulary = Vocabulary {
        sources: project.sources.iter().map(|s| s.id).collect(),
        tags: project.tags.iter().map(|t| t.id).collect(),
        propositions: project.propositions.iter().map(|p| p.id).collect(),
        stances: Stance::default_scale().iter().map(|s| s.id).collect(),
    };

    // Documents: the long ones spread through the list, the rest of the text shared out.
    let documents = scaled(DOCUMENTS, scale, LONG_DOCUMENTS + 1);
    let long_bytes = scaled(LONG_BYTES, scale, 2_000);
    let rest_bytes = scaled(
        TOTAL_BYTES - LONG_BYTES * LONG_DOCUMENTS as f64,
        scale,
        2_000,
    );
    let average = rest_bytes / (documents - LONG_DOCUMENTS);
    let offset = (documents / LONG_DOCUMENTS - 1).min(3);
    let long_at: Vec<usize> = (0..LONG_DOCUMENTS)
        .map(|i| i * documents / LONG_DOCUMENTS + offset)
        .collect();
    for i in 0..documents {
        let long = long_at.contains(&i);
        let bytes = if long {
            long_bytes
        } else {
            // Never as long as the long ones, even at small scales.
            rng.between(average / 4, average * 7 / 4)
                .clamp(200, long_bytes / 2)
        };
        let text = article_text(&mut rng, bytes);
        let outlet = *rng.pick(OUTLETS);
        let place = *rng.pick(PLACES);
        let mut document = Document::new(
            format!("{outlet}: fighting for {place}, day {}", i + 1),
            &text,
        );
        document.id = DocumentId::from_u128(rng.next_u128());
        document.outlet = outlet.to_owned();
        document.author = person(&mut rng);
        document.url = format!("https://news.example/{}/{}", outlet.len(), i + 1);
        document.published = format!("2022-06-{:02}", rng.between(1, 30));
        document.language = if text.contains('ї') { "uk" } else { "en" }.to_owned();
        document.imported_from = format!("article-{:03}.txt", i + 1);
        project.documents.push(document);
    }

    // Claims: a fixed share on each long document, the rest by length.
    let claims = scaled(CLAIMS, scale, 1);
    let per_long = ((claims as f64) * LONG_CLAIM_SHARE).round() as usize;
    let mut counts = vec![0usize; documents];
    for &at in &long_at {
        counts[at] = per_long;
    }
    let others: Vec<usize> = (0..documents).filter(|i| !long_at.contains(i)).collect();
    let mut cumulative = Vec::with_capacity(others.len());
    let mut total = 0;
    for &at in &others {
        total += project.documents[at].text.len();
        cumulative.push(total);
    }
    for _ in 0..claims.saturating_sub(per_long * LONG_DOCUMENTS) {
        let target = rng.below(total.max(1));
        let which = cumulative.partition_point(|&c| c <= target);
        if let Some(&at) = others.get(which) {
            counts[at] += 1;
        }
    }
    let mut all = Vec::with_capacity(claims);
    for (document, &count) in project.documents.iter().zip(&counts) {
        claims_on(&mut rng, document, count, &vocabulary, &mut all);
    }
    // Claims are made over time, across documents: shuffle them.
    for i in (1..all.len()).rev() {
        let j = rng.below(i + 1);
        all.swap(i, j);
    }
    project.claims = all;
    project
}

/// The ids of the `n` longest documents, longest first.
pub fn longest_documents(project: &Project, n: usize) -> Vec<DocumentId> {
    let mut documents: Vec<_> = project.documents.iter().collect();
    documents.sort_by_key(|d| std::cmp::Reverse(d.text.len()));
    documents.into_iter().take(n).map(|d| d.id).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::project_file;

    #[test]
    fn a_small_stress_project_is_valid_deterministic_and_in_proportion() {
        let scale = 0.01;
        let project = project(scale);
        assert_eq!(project, super::project(scale), "same seed, same project");
        assert_ne!(
            project.claims.first().map(|c| c.id),
            project_with_seed(scale, 1).claims.first().map(|c| c.id)
        );

        // Valid: no problems, and every claim is where its quote says.
        let text = project_file::to_ron_string(&project);
        let loaded = project_file::from_ron_str(&text).expect("loads");
        assert!(
            loaded.problems.is_empty(),
            "{:?}",
            &loaded.problems[..3.min(loaded.problems.len())]
        );
        assert_eq!(loaded.anchoring.unchanged, project.claims.len());
        assert_eq!(loaded.project, project);

        // In proportion.
        assert_eq!(project.documents.len(), 6);
        assert_eq!(project.claims.len(), 300);
        assert_eq!(project.propositions.len(), 10);
        assert_eq!(project.sources.len(), 3);
        assert_eq!(project.tags.len(), 2);
        let longest = longest_documents(&project, LONG_DOCUMENTS);
        for id in &longest {
            let bytes = project.document(*id).map_or(0, |d| d.text.len());
            assert!(
                (9_500..10_800).contains(&bytes),
                "{bytes} bytes in a long document"
            );
            let on = project.claims.iter().filter(|c| c.document == *id).count();
            assert_eq!(on, 12, "claims on a long document");
        }
        let overlapping = project
            .claims
            .iter()
            .filter(|a| {
                project
                    .claims
                    .iter()
                    .any(|b| a.id != b.id && a.document == b.document && a.range.overlaps(b.range))
            })
            .count();
        assert!(overlapping > 0, "some claims overlap");

        // Realistic text: curly quotes, Cyrillic, emoji and figures.
        let all: String = project.documents.iter().map(|d| d.text.as_str()).collect();
        for needle in ["“", "”", "Сергій", "🇺🇦", "%"] {
            assert!(all.contains(needle), "the text has {needle}");
        }
    }

    #[test]
    fn word_spans_start_and_end_on_words() {
        let line = "Haidai said 568 civilians remained";
        assert_eq!(word_span(line, 3, 5), Some((7, 15)));
        assert_eq!(word_span(line, 0, 1), Some((0, 6)));
        assert_eq!(word_span(line, 30, 50), None);
        let cyrillic = "Сергій Гайдай заявив";
        let (start, end) = word_span(cyrillic, 3, 2).expect("span");
        assert_eq!(&cyrillic[start..end], "Гайдай");
    }
}
