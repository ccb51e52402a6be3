//! Builds the sample project `projects/severodonetsk.ron` from the five articles in
//! `assets/corpus/` and the hand-written annotations below.
//!
//! Run it with `cargo run --example build_sample` (optionally followed by `-- <path>`
//! to write somewhere else). The output is deterministic: every id is derived from a
//! hash of what it identifies and every claim carries the same fixed timestamp, so
//! running it twice gives byte-identical files. `tests/sample_project.rs` checks that
//! the committed file never drifts from what this program writes.
//!
//! Every quote below is copied verbatim from its article; the builder finds it by exact
//! search and stops with exit code 1, naming the quote, when it is not there.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a tool for developers: a panic is how it reports a failure"
)]

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use sha2::{Digest as _, Sha256};
use triangulate::model::{
    CharRange, Claim, ClaimId, Colour, Document, DocumentId, DocumentSet, DocumentSetId, Project,
    Proposition, PropositionId, Source, SourceId, Stance, StanceId, Tag, TagId, char_offset,
};

/// Who made every claim of the sample.
pub const ANNOTATOR: &str = "Triangulate sample";

/// When every claim of the sample was made and last changed.
pub const TIMESTAMP: &str = "2026-11-23T00:00:00Z";

/// The project's title.
pub const TITLE: &str = "Severodonetsk, June 2022";

/// The project's description.
pub const DESCRIPTION: &str = "Five reports on the battle for Severodonetsk in June 2022, \
    from the Foreign Legion counterattack to the Ukrainian withdrawal and the standoff at \
    the Azot chemical plant. They disagree on how many civilians and soldiers were in the \
    plant (568, about 500, up to 500 or at least 1,200 civilians; 300-400 or nearly 400 \
    troops) and on who controlled the city, and when.";

/// The sample project's file, relative to the package root.
pub const OUTPUT: &str = "projects/severodonetsk.ron";

/// The folder of the five articles, relative to the package root.
pub const CORPUS: &str = "assets/corpus";

/// One article and what the texts themselves say about it.
pub struct DocSpec {
    /// Its file in the corpus folder.
    pub file: &'static str,
    /// Its headline, or a descriptive title when it has none.
    pub title: &'static str,
    /// The outlet, only when the text names it as its publisher.
    pub outlet: &'static str,
    /// The author, only when the text names one.
    pub author: &'static str,
    /// A one-line summary of what it reports.
    pub notes: &'static str,
}

/// The five articles, numbered 1–5 in the claims table.
pub const DOCUMENTS: &[DocSpec] = &[
    DocSpec {
        file: "01-foreign-legion-counterattack.txt",
        title: "Foreign Legion volunteers counterattack in Severodonetsk",
        outlet: "",
        author: "",
        notes: "Says the battle went on for a month after Kadyrov declared the city “liberated” on May 27: a Foreign Legion counterattack, then a retreat into the Azot (“Nitrogen”) plant with several hundred civilians once the last bridge to Lysychansk fell. Untitled; ends with the credit “/ Telegraphy /” and embedded tweets.",
    },
    DocSpec {
        file: "02-nitrogen-plant-holds-firm.txt",
        title: "Civilians and fighters hold out at the Severodonetsk Nitrogen plant",
        outlet: "",
        author: "",
        notes: "Reports 568 civilians, including 38 children, holding out with fighters in the Azot (“Nitrogen”) plant, and Gaidai calling Shoigu’s claim of control false; says its report originates from UNIAN, then turns to the wider war. Untitled.",
    },
    DocSpec {
        file: "03-ordered-to-retreat.txt",
        title: "Ukrainian forces ordered to retreat from key city of Severodonetsk",
        outlet: "",
        author: "",
        notes: "Reports Haidai announcing the order to retreat, gives 1,200 civilians “held hostage” at Azot (the LPR via TASS) against Haidai’s about 500, and quotes the UK Ministry of Defence on Russia’s humanitarian corridors.",
    },
    DocSpec {
        file: "04-troops-evacuate-rubble.txt",
        title: "Troops evacuate the city from the rubble",
        outlet: "",
        author: "Derick Walton",
        notes: "Reports the withdrawal from the ruined city, the fall of Hirske and Moscow’s claim to have surrounded up to 2,000 troops, with comments by Gaidai, Musiyenko, Kuleba and a senior US defense official. Author from the “About Derick Walton” box at its end.",
    },
    DocSpec {
        file: "05-surrounded-at-azot.txt",
        title: "Nearly 400 Ukrainian soldiers surrounded at Azot plant in Severodonetsk",
        outlet: "",
        author: "",
        notes: "Reports the LPR ambassador Rodion Miroshnik’s claims of 300-400 Ukrainian troops and about (“up to”) 500 civilians in the Azot plant, with Mizintsev’s claim of losses up to 90% and a Chechen claim that the plant is mined.",
    },
];

/// A source as the texts describe it.
pub struct SourceSpec {
    /// The name shown.
    pub name: &'static str,
    /// What the source is.
    pub role: &'static str,
    /// Whom it speaks for.
    pub affiliation: &'static str,
    /// Spellings and channels.
    pub notes: &'static str,
}

/// Everyone who asserts a claim below.
pub const SOURCES: &[SourceSpec] = &[
    SourceSpec {
        name: "Serhiy Haidai",
        role: "Luhansk regional governor",
        affiliation: "Ukraine",
        notes: "Spelled Serhiy Haidai in 03, Serhiy Gaidai in 02 and 04, Sergiy Gaiday in 05: one person. Speaks on Telegram (03) and to Ukrainian television (04).",
    },
    SourceSpec {
        name: "Ramzan Kadyrov",
        role: "Head of Chechnya",
        affiliation: "Chechnya",
        notes: "01 calls him “the Chechen dictator”, 05 “Chechnya head”.",
    },
    SourceSpec {
        name: "Sergei Shoigu",
        role: "Russian Defense Minister",
        affiliation: "Russia",
        notes: "",
    },
    SourceSpec {
        name: "Rodion Miroshnik",
        role: "Ambassador of the Luhansk People’s Republic (LPR) to Russia",
        affiliation: "Luhansk People’s Republic (LPR)",
        notes: "05 also calls him “the LPR Ambassador” and “the envoy”.",
    },
    SourceSpec {
        name: "Vitaly Kiselev",
        role: "Interior minister of the Luhansk People’s Republic",
        affiliation: "Luhansk People’s Republic (pro-Russian)",
        notes: "Quoted through the Russian state news agency TASS (03).",
    },
    SourceSpec {
        name: "Mikhail Mizintsev",
        role: "Head of Russia’s National Defense Control Center",
        affiliation: "Russia",
        notes: "",
    },
    SourceSpec {
        name: "Volodymyr Zelensky",
        role: "President of Ukraine",
        affiliation: "Ukraine",
        notes: "Spelled Zelenskiy in 02. Quoted from a video address (03).",
    },
    SourceSpec {
        name: "Dmytro Kuleba",
        role: "Ukraine’s foreign minister",
        affiliation: "Ukraine",
        notes: "Interviewed by the Italian newspaper Corriere della Sera (04).",
    },
    SourceSpec {
        name: "Oleksander Musiyenko",
        role: "Kyiv-based military analyst",
        affiliation: "",
        notes: "",
    },
    SourceSpec {
        name: "Senior U.S. defense official",
        role: "Senior defense official, unnamed",
        affiliation: "United States",
        notes: "Anonymous; spoke to Foreign Policy (03). 04 writes “A senior US defense official”.",
    },
    SourceSpec {
        name: "UK Ministry of Defence",
        role: "Ministry of Defence",
        affiliation: "United Kingdom",
        notes: "03 writes “Britain’s Ministry of Defense” and quotes “the ministry’s statement”.",
    },
    SourceSpec {
        name: "UNIAN",
        role: "National Ukrainian news agency",
        affiliation: "Ukraine",
        notes: "02 says its report originates from UNIAN; the statements of 02 that name no speaker are attributed here.",
    },
    SourceSpec {
        name: "Russian Defense Ministry",
        role: "Ministry of Defence",
        affiliation: "Russia",
        notes: "04 also writes just “Moscow”.",
    },
    SourceSpec {
        name: "Ukrainian Defense Ministry",
        role: "Ministry of Defence",
        affiliation: "Ukraine",
        notes: "04 writes “Ukraine’s Defense Ministry”.",
    },
    SourceSpec {
        name: "Oleksiy Babchenko",
        role: "City leader of Hirske",
        affiliation: "Ukraine",
        notes: "",
    },
    SourceSpec {
        name: "Apta Alaudinov",
        role: "Assistant of Chechnya head Ramzan Kadyrov",
        affiliation: "Chechnya",
        notes: "Spelled as in 05, whose sentence is garbled (“Assistant of Chechnya head Ramzan Kadyrov, in the power unit of Apta Alaudinov”); probably Apti Alaudinov.",
    },
    SourceSpec {
        name: "Russian government",
        role: "Government",
        affiliation: "Russia",
        notes: "The texts say “Moscow” (02) or “Russia” (03).",
    },
    SourceSpec {
        name: "Ukrainian government",
        role: "Government",
        affiliation: "Ukraine",
        notes: "02 says “Kyiv”.",
    },
    SourceSpec {
        name: "Unnamed pro-Russian sources",
        role: "Unnamed",
        affiliation: "Pro-Russian",
        notes: "02: “Pro-Russian voices”, “Russian sources”.",
    },
    SourceSpec {
        name: "Canadian Ukrainian Volunteer",
        role: "Twitter account @CanadianUkrain1",
        affiliation: "",
        notes: "Tweets of June 13 and June 24, 2022 embedded in 01.",
    },
];

/// The tags, nested by `/`, each coloured by its place in this list.
pub const TAGS: &[&str] = &[
    "civilians/sheltering",
    "civilians/hostages",
    "military/troops",
    "military/encirclement",
    "military/withdrawal",
    "military/counterattack",
    "casualties/military",
    "territory/control",
    "territory/supply-routes",
    "humanitarian/evacuation",
    "humanitarian/destruction",
    "figures",
    "quality/translation",
    "quality/attribution-inferred",
];

/// A statement under comparison, named in the claims table by its key.
pub struct PropositionSpec {
    /// Its short name in the table below; also what its id is derived from.
    pub key: &'static str,
    /// The statement.
    pub text: &'static str,
    /// What the claims on it show.
    pub notes: &'static str,
}

/// The document sets: a name and the documents in it (numbered from 1, as in
/// [`DOCUMENTS`]). The documents name no outlet, so the sets follow what each
/// report is about; a document may be in more than one.
pub const DOCUMENT_SETS: &[(&str, &[usize])] = &[
    ("Azot plant reports", &[2, 5]),
    ("Withdrawal reports", &[3, 4]),
    ("Civilian counts at Azot", &[2, 3, 5]),
];

/// The statements the claims bear on.
pub const PROPOSITIONS: &[PropositionSpec] = &[
    PropositionSpec {
        key: "civilians",
        text: "Civilians are sheltering in the Azot plant",
        notes: "The counts conflict: 568 including 38 children (02, via UNIAN); about 500 and 40 children (Haidai, 03); at least 1,200 including more than 120 children, “held hostage” (LPR via TASS, 03); about 500, or up to 500 (Miroshnik, 05); several hundred (01).",
    },
    PropositionSpec {
        key: "hostages",
        text: "Civilians at Azot are held there against their will",
        notes: "Russian and LPR sources speak of hostages and human shields; Ukrainian sources say the civilians chose to stay.",
    },
    PropositionSpec {
        key: "troops",
        text: "Ukrainian troops are trapped in the Azot plant",
        notes: "Miroshnik: almost 400, or 300-400. The 2,000 of the Russian Defense Ministry concern Hirske and the wider area: see the encirclement proposition.",
    },
    PropositionSpec {
        key: "encircled",
        text: "Russian forces have encircled Ukrainian troops around Severodonetsk",
        notes: "From “surrounded on three sides” and “yet to seal the region” to “around 2,000” (04, “in the area”) or “up to 2,000” (04, “in Hirske”).",
    },
    PropositionSpec {
        key: "control",
        text: "Russian forces control Severodonetsk",
        notes: "Kadyrov declared the city “liberated” on May 27 and Shoigu claimed control; Haidai calls this false, and the fighting at Azot went on into late June.",
    },
    PropositionSpec {
        key: "order",
        text: "Ukraine ordered its troops to withdraw from Severodonetsk",
        notes: "Haidai’s remark is translated differently in 03 and 04; 01 has the authorities calling on the forces to “surrender”.",
    },
    PropositionSpec {
        key: "tactical",
        text: "The withdrawal is a tactical choice, not a defeat",
        notes: "Ukrainian and US voices call it tactical; Mizintsev and 04 present it as a flight and a major gain for Russia.",
    },
    PropositionSpec {
        key: "legion",
        text: "Foreign Legion volunteers counterattacked in Severodonetsk",
        notes: "Only 01 reports it, partly as “reportedly”.",
    },
    PropositionSpec {
        key: "cutoff",
        text: "Severodonetsk is cut off from Lysychansk",
        notes: "",
    },
    PropositionSpec {
        key: "corridors",
        text: "Safe corridors let civilians leave the Azot plant",
        notes: "Russia and the LPR announce or negotiate corridors; the UK Ministry of Defence warns they may serve forced transfers.",
    },
    PropositionSpec {
        key: "losses",
        text: "Ukrainian units suffered heavy losses at Severodonetsk",
        notes: "",
    },
    PropositionSpec {
        key: "destroyed",
        text: "Bombardment has destroyed Severodonetsk",
        notes: "",
    },
    PropositionSpec {
        key: "towns",
        text: "Russian forces captured towns near Severodonetsk",
        notes: "Metiolkine (spelled Metolkina in 01) and Hirske.",
    },
    PropositionSpec {
        key: "mined",
        text: "Ukrainian forces mined the Azot plant",
        notes: "",
    },
];

/// One claim: a verbatim span of one article and what it asserts.
pub struct Spec {
    /// The article, 1–5 as numbered in [`DOCUMENTS`].
    pub doc: usize,
    /// The span, copied exactly from the article.
    pub quote: &'static str,
    /// Which occurrence of the quote, from 0, when it occurs more than once.
    pub occurrence: usize,
    /// Who asserts it, by name from [`SOURCES`]; `None` when the article itself does.
    pub source: Option<&'static str>,
    /// Its stance toward its proposition.
    pub stance: StanceId,
    /// The key of its proposition in [`PROPOSITIONS`].
    pub proposition: &'static str,
    /// Its tags, by path from [`TAGS`].
    pub tags: &'static [&'static str],
    /// The figure it states, if any.
    pub value: &'static str,
    /// A note for the reader.
    pub note: &'static str,
}

const S: StanceId = Stance::SUPPORTS;
const D: StanceId = Stance::DISPUTES;
const N: StanceId = Stance::NEUTRAL;
const U: StanceId = Stance::UNCLEAR;

/// The claims, article by article, in reading order.
///
/// Article 05 has no-break spaces in place of some ordinary spaces; its quotes spell
/// them `\u{a0}` so that they match the text exactly.
pub const CLAIMS: &[Spec] = &[
    // 01 — Foreign Legion counterattack.
    Spec {
        doc: 1,
        quote: "Ramzan Kadyrov declared Severodonetsk \"liberated\" on May 27",
        occurrence: 0,
        source: Some("Ramzan Kadyrov"),
        stance: S,
        proposition: "control",
        tags: &["territory/control"],
        value: "May 27",
        note: "",
    },
    Spec {
        doc: 1,
        quote: "the bloody battle for this Ukrainian city in the Luhansk region lasted another month",
        occurrence: 0,
        source: None,
        stance: D,
        proposition: "control",
        tags: &["territory/control"],
        value: "",
        note: "The article’s own framing: the city was not taken when Kadyrov said so.",
    },
    Spec {
        doc: 1,
        quote: "A small number of Ukrainian defenders were on the verge of defeat, surrounded on three sides and exposed to the terrible artillery fire of Russian forces and pro-Russian separatists controlled by Moscow.",
        occurrence: 0,
        source: None,
        stance: S,
        proposition: "encircled",
        tags: &["military/encirclement"],
        value: "",
        note: "Surrounded on three sides, not yet on all four.",
    },
    Spec {
        doc: 1,
        quote: "And these were mainly members of the Ukrainian \"Legion of Foreigners\", ie the International Legion of Territorial Defense of Ukraine, in the ranks of which fight volunteers from Georgia, Great Britain, France, USA, Australia, Canada and other countries.",
        occurrence: 0,
        source: None,
        stance: S,
        proposition: "legion",
        tags: &["military/counterattack"],
        value: "",
        note: "",
    },
    Spec {
        doc: 1,
        quote: "Ukrainians and foreign volunteers then launched a surprise counterattack and reportedly repulsed Russian forces from the city center.",
        occurrence: 0,
        source: None,
        stance: S,
        proposition: "legion",
        tags: &["military/counterattack"],
        value: "",
        note: "“Reportedly”: the article names no source.",
    },
    Spec {
        doc: 1,
        quote: "the defenders were eventually pushed into the Severodonetsk industrial zone dominated by the Nitrogen chemical plant",
        occurrence: 0,
        source: None,
        stance: S,
        proposition: "troops",
        tags: &["military/troops"],
        value: "",
        note: "“Nitrogen” is Azot, translated.",
    },
    Spec {
        doc: 1,
        quote: "where they barricaded themselves with several hundred civilians who had been sheltered there by bombardment and bombardment",
        occurrence: 0,
        source: None,
        stance: S,
        proposition: "civilians",
        tags: &["civilians/sheltering", "figures"],
        value: "several hundred",
        note: "",
    },
    Spec {
        doc: 1,
        quote: "the demolition of the last bridge between Severodonetsk and the twin city of Lysychansk on the other side of the Siverskyi Donets River",
        occurrence: 0,
        source: None,
        stance: S,
        proposition: "cutoff",
        tags: &["territory/supply-routes"],
        value: "",
        note: "",
    },
    Spec {
        doc: 1,
        quote: "the capture of the suburban town of Metolkina last week",
        occurrence: 0,
        source: None,
        stance: S,
        proposition: "towns",
        tags: &["territory/control"],
        value: "",
        note: "Spelled Metiolkine in 02.",
    },
    Spec {
        doc: 1,
        quote: "With the losses increasing",
        occurrence: 0,
        source: None,
        stance: S,
        proposition: "losses",
        tags: &["casualties/military"],
        value: "",
        note: "",
    },
    Spec {
        doc: 1,
        quote: "they risked ending up in a complete environment, such as Mariupol defenders from the Azovstal steel plant, who eventually had to surrender en masse",
        occurrence: 0,
        source: None,
        stance: N,
        proposition: "encircled",
        tags: &["military/encirclement", "quality/translation"],
        value: "",
        note: "“Complete environment” reads as a mistranslation of “complete encirclement”: a risk, not yet an encirclement.",
    },
    Spec {
        doc: 1,
        quote: "the Ukrainian authorities have called on the armed forces to surrender and not to continue their resistance in the city of Severodonetsk",
        occurrence: 0,
        source: None,
        stance: U,
        proposition: "order",
        tags: &["military/withdrawal", "quality/translation"],
        value: "",
        note: "As written, a call to surrender; every other report describes an order to withdraw. Probably a mistranslation.",
    },
    Spec {
        doc: 1,
        quote: "In #Severodonetsk, our boys are fighting for every building and every street corner.",
        occurrence: 0,
        source: Some("Canadian Ukrainian Volunteer"),
        stance: D,
        proposition: "control",
        tags: &["territory/control"],
        value: "",
        note: "Tweet of June 13, 2022 embedded in the article.",
    },
    // 02 — The Nitrogen plant holds firm.
    Spec {
        doc: 2,
        quote: "Civilians and fighters at the Severodonetsk Nitrogen chemical plant are holding firm against renewed bombardment, choosing not to surrender or lay down arms for now.",
        occurrence: 0,
        source: None,
        stance: D,
        proposition: "control",
        tags: &["territory/control", "military/troops"],
        value: "",
        note: "The plant still holds out.",
    },
    Spec {
        doc: 2,
        quote: "numerous evacuation offers have been extended",
        occurrence: 0,
        source: Some("Serhiy Haidai"),
        stance: S,
        proposition: "corridors",
        tags: &["humanitarian/evacuation"],
        value: "",
        note: "",
    },
    Spec {
        doc: 2,
        quote: "yet many have opted to stay",
        occurrence: 0,
        source: Some("Serhiy Haidai"),
        stance: D,
        proposition: "hostages",
        tags: &["civilians/hostages"],
        value: "",
        note: "The civilians stay by choice.",
    },
    Spec {
        doc: 2,
        quote: "Moscow accuses Ukrainian forces of using civilians as shields",
        occurrence: 0,
        source: Some("Russian government"),
        stance: S,
        proposition: "hostages",
        tags: &["civilians/hostages"],
        value: "",
        note: "",
    },
    Spec {
        doc: 2,
        quote: "Kyiv condemned the intensified artillery and aerial bombardment that has made civilian and military withdrawals nearly impossible",
        occurrence: 0,
        source: Some("Ukrainian government"),
        stance: S,
        proposition: "cutoff",
        tags: &["territory/supply-routes"],
        value: "",
        note: "",
    },
    Spec {
        doc: 2,
        quote: "Russian Defense Minister Sergei Shoigu claimed control over Severodonetsk",
        occurrence: 0,
        source: Some("Sergei Shoigu"),
        stance: S,
        proposition: "control",
        tags: &["territory/control"],
        value: "",
        note: "“Two weeks ago”, before this undated report.",
    },
    Spec {
        doc: 2,
        quote: "the industrial site remains far from secured until Nitrogen falls completely under Russian authority",
        occurrence: 0,
        source: None,
        stance: D,
        proposition: "control",
        tags: &["territory/control"],
        value: "",
        note: "",
    },
    Spec {
        doc: 2,
        quote: "The number of people remaining at the facility is estimated at 568 civilians, including 38 children.",
        occurrence: 0,
        source: Some("UNIAN"),
        stance: S,
        proposition: "civilians",
        tags: &[
            "civilians/sheltering",
            "figures",
            "quality/attribution-inferred",
        ],
        value: "568",
        note: "Including 38 children. The sentence names no one: the article credits its report to UNIAN, and quotes governor Gaidai just before.",
    },
    Spec {
        doc: 2,
        quote: "They are factory workers, their families, and local residents who refuse to depart under any circumstances.",
        occurrence: 0,
        source: Some("UNIAN"),
        stance: D,
        proposition: "hostages",
        tags: &["civilians/hostages", "quality/attribution-inferred"],
        value: "",
        note: "They refuse to leave: no one holds them.",
    },
    Spec {
        doc: 2,
        quote: "Pro-Russian voices accuse the Ukrainian Army of placing mortars at factory entrances to hinder civilian departures toward zones under Russian control.",
        occurrence: 0,
        source: Some("Unnamed pro-Russian sources"),
        stance: S,
        proposition: "hostages",
        tags: &["civilians/hostages"],
        value: "",
        note: "",
    },
    Spec {
        doc: 2,
        quote: "Russian soldiers and pro-Russian separatists launched a security operation aimed at restoring order, but they have yet to seal the region from all sides.",
        occurrence: 0,
        source: None,
        stance: D,
        proposition: "encircled",
        tags: &["military/encirclement"],
        value: "",
        note: "",
    },
    Spec {
        doc: 2,
        quote: "Militia forces aligned with Moscow reportedly captured Metiolkine, a town near the city.",
        occurrence: 0,
        source: Some("Unnamed pro-Russian sources"),
        stance: S,
        proposition: "towns",
        tags: &["territory/control", "quality/attribution-inferred"],
        value: "",
        note: "Follows “Russian sources say the offensive is progressing”. Spelled Metolkina in 01.",
    },
    Spec {
        doc: 2,
        quote: "Gaidai responded that claims of Russian control over Severodonetsk are false.",
        occurrence: 0,
        source: Some("Serhiy Haidai"),
        stance: D,
        proposition: "control",
        tags: &["territory/control"],
        value: "",
        note: "",
    },
    // 03 — Ordered to retreat.
    Spec {
        doc: 3,
        quote: "Ukraine ordered its soldiers to retreat from their remaining foothold in the embattled city of Severodonetsk.",
        occurrence: 0,
        source: None,
        stance: S,
        proposition: "order",
        tags: &["military/withdrawal"],
        value: "",
        note: "",
    },
    Spec {
        doc: 3,
        quote: "“Remaining in positions that have been relentlessly shelled for months just doesn't make sense.”",
        occurrence: 0,
        source: Some("Serhiy Haidai"),
        stance: S,
        proposition: "order",
        tags: &["military/withdrawal", "quality/translation"],
        value: "",
        note: "On Telegram. 04 renders the same remark as “Staying in shattered posts for several months just to stay there doesn’t make sense”.",
    },
    Spec {
        doc: 3,
        quote: "“They have received orders to retreat to new positions ... and from there continue their operations,”",
        occurrence: 0,
        source: Some("Serhiy Haidai"),
        stance: S,
        proposition: "order",
        tags: &["military/withdrawal"],
        value: "",
        note: "According to a BBC translation.",
    },
    Spec {
        doc: 3,
        quote: "the decision will help Severodonetsk get into “a position where they can better defend themselves.”",
        occurrence: 0,
        source: Some("Senior U.S. defense official"),
        stance: S,
        proposition: "tactical",
        tags: &["military/withdrawal"],
        value: "",
        note: "Told to Foreign Policy.",
    },
    Spec {
        doc: 3,
        quote: "It was unclear on Friday if the withdrawal had started or what the time frame surrounding it was.",
        occurrence: 0,
        source: None,
        stance: U,
        proposition: "order",
        tags: &["military/withdrawal"],
        value: "",
        note: "The order is reported; whether the withdrawal had begun is not known.",
    },
    Spec {
        doc: 3,
        quote: "in recent days, Russian forces have surrounded Severodonetsk as well as its neighboring city Lysychansk",
        occurrence: 0,
        source: None,
        stance: S,
        proposition: "encircled",
        tags: &["military/encirclement"],
        value: "",
        note: "",
    },
    Spec {
        doc: 3,
        quote: "nearly all of the city’s infrastructure has been destroyed, with over 90% of the houses having been shelled",
        occurrence: 0,
        source: Some("Serhiy Haidai"),
        stance: S,
        proposition: "destroyed",
        tags: &["humanitarian/destruction", "figures"],
        value: "over 90%",
        note: "Of the houses; not to be confused with Mizintsev’s “up to 90%” losses (05).",
    },
    Spec {
        doc: 3,
        quote: "“There were massive air and artillery strikes in Donbas. The occupier’s goal here is unchanged. They want to destroy the entire Donbas step by step.”",
        occurrence: 0,
        source: Some("Volodymyr Zelensky"),
        stance: S,
        proposition: "destroyed",
        tags: &["humanitarian/destruction"],
        value: "",
        note: "About the whole Donbas, in a video address.",
    },
    Spec {
        doc: 3,
        quote: "at least 1,200 civilians, including more than 120 children, were being “held hostage” at a chemical plant in Severodonetsk",
        occurrence: 0,
        source: Some("Vitaly Kiselev"),
        stance: S,
        proposition: "civilians",
        tags: &[
            "civilians/sheltering",
            "civilians/hostages",
            "figures",
            "quality/attribution-inferred",
        ],
        value: "at least 1,200",
        note: "Including more than 120 children. The sentence says only “it was reported”; the next names the LPR interior minister Vitaly Kiselev, speaking to TASS.",
    },
    Spec {
        doc: 3,
        quote: "Vitaly Kiselev, alleged that Ukrainian forces were keeping civilians at the Azot plant “against their will.”",
        occurrence: 0,
        source: Some("Vitaly Kiselev"),
        stance: S,
        proposition: "hostages",
        tags: &["civilians/hostages"],
        value: "",
        note: "Speaking to TASS.",
    },
    Spec {
        doc: 3,
        quote: "Haidai said that about 500 civilians were sheltering in the Azot plant, along with 40 children",
        occurrence: 0,
        source: Some("Serhiy Haidai"),
        stance: S,
        proposition: "civilians",
        tags: &["civilians/sheltering", "figures"],
        value: "about 500",
        note: "And 40 children; 02 has 568 including 38 children.",
    },
    Spec {
        doc: 3,
        quote: "On June 15, Russia claimed it had set up a humanitarian corridor to allow people trapped inside the plant to escape.",
        occurrence: 0,
        source: Some("Russian government"),
        stance: S,
        proposition: "corridors",
        tags: &["humanitarian/evacuation"],
        value: "",
        note: "The UK Ministry of Defence dates such claims from 14 June.",
    },
    Spec {
        doc: 3,
        quote: "the Kremlin might have been using the so-called humanitarian corridors to force civilians into Russian-backed areas",
        occurrence: 0,
        source: Some("UK Ministry of Defence"),
        stance: D,
        proposition: "corridors",
        tags: &["humanitarian/evacuation"],
        value: "",
        note: "",
    },
    Spec {
        doc: 3,
        quote: "“Russia has precedent, both earlier in the Ukraine campaign and in Syria, of using unilaterally-declared ‘humanitarian’ corridors as a mechanism to manipulate the battlespace and impose the forced transfer of populations.”",
        occurrence: 0,
        source: Some("UK Ministry of Defence"),
        stance: D,
        proposition: "corridors",
        tags: &["humanitarian/evacuation"],
        value: "",
        note: "",
    },
    // 04 — Troops evacuate the city from the rubble.
    Spec {
        doc: 4,
        quote: "Ukraine was due to withdraw its troops from the ruined city of Severodonetsk last night after weeks of shelling, the regional governor said",
        occurrence: 0,
        source: Some("Serhiy Haidai"),
        stance: S,
        proposition: "order",
        tags: &["military/withdrawal"],
        value: "",
        note: "",
    },
    Spec {
        doc: 4,
        quote: "in a major gain for Russia as it continues its offensive in the east",
        occurrence: 0,
        source: None,
        stance: D,
        proposition: "tactical",
        tags: &["military/withdrawal"],
        value: "",
        note: "",
    },
    Spec {
        doc: 4,
        quote: "Moscow said it surrounded around 2,000 Ukrainian troops in the area.",
        occurrence: 0,
        source: Some("Russian Defense Ministry"),
        stance: S,
        proposition: "encircled",
        tags: &["military/encirclement", "figures"],
        value: "around 2,000",
        note: "The article says “Moscow”; later it gives “up to 2,000 … in Hirske”, from the Russian Defense Ministry.",
    },
    Spec {
        doc: 4,
        quote: "“Staying in shattered posts for several months just to stay there doesn’t make sense,”",
        occurrence: 0,
        source: Some("Serhiy Haidai"),
        stance: S,
        proposition: "order",
        tags: &["military/withdrawal", "quality/translation"],
        value: "",
        note: "To Ukrainian television. 03 renders the same remark differently (a BBC translation).",
    },
    Spec {
        doc: 4,
        quote: "“Our forces had to withdraw and carry out a tactical retreat because there was hardly anything left to defend. There was no town left there and, secondly, we could not allow them to be surrounded”",
        occurrence: 0,
        source: Some("Oleksander Musiyenko"),
        stance: S,
        proposition: "tactical",
        tags: &["military/withdrawal"],
        value: "",
        note: "",
    },
    Spec {
        doc: 4,
        quote: "There was no town left there",
        occurrence: 0,
        source: Some("Oleksander Musiyenko"),
        stance: S,
        proposition: "destroyed",
        tags: &["humanitarian/destruction"],
        value: "",
        note: "",
    },
    Spec {
        doc: 4,
        quote: "Ukraine’s Defense Ministry said the Russians were trying to encircle Lysychansk and mount assaults on Severodonetsk to take full control of it.",
        occurrence: 0,
        source: Some("Ukrainian Defense Ministry"),
        stance: D,
        proposition: "control",
        tags: &["territory/control"],
        value: "",
        note: "Russia is still trying to take full control.",
    },
    Spec {
        doc: 4,
        quote: "Russian troops entered the town of Hirske yesterday and fully occupied the district",
        occurrence: 0,
        source: Some("Oleksiy Babchenko"),
        stance: S,
        proposition: "towns",
        tags: &["territory/control"],
        value: "",
        note: "",
    },
    Spec {
        doc: 4,
        quote: "The Russian Defense Ministry said it surrounded up to 2,000 Ukrainian troops in Hirske.",
        occurrence: 0,
        source: Some("Russian Defense Ministry"),
        stance: S,
        proposition: "encircled",
        tags: &["military/encirclement", "figures"],
        value: "up to 2,000",
        note: "Earlier the article has “around 2,000 … in the area”.",
    },
    Spec {
        doc: 4,
        quote: "Withdrawing from a few battles does not mean losing the war",
        occurrence: 0,
        source: Some("Dmytro Kuleba"),
        stance: S,
        proposition: "tactical",
        tags: &["military/withdrawal"],
        value: "",
        note: "To Corriere della Sera.",
    },
    Spec {
        doc: 4,
        quote: "What they’re doing is putting themselves in a position where they can better defend themselves",
        occurrence: 0,
        source: Some("Senior U.S. defense official"),
        stance: S,
        proposition: "tactical",
        tags: &["military/withdrawal"],
        value: "",
        note: "",
    },
    // 05 — Surrounded at Azot.
    Spec {
        doc: 5,
        quote: "Nearly 400 Ukrainian soldiers surrounded at Azot plant in Severodonetsk",
        occurrence: 0,
        source: None,
        stance: S,
        proposition: "troops",
        tags: &["military/troops", "figures"],
        value: "nearly 400",
        note: "The headline.",
    },
    Spec {
        doc: 5,
        quote: "According to the LPR Ambassador almost 400 Ukrainian Armed Forces soldiers got trapped in Azot chemical plant in Severodonetsk.",
        occurrence: 0,
        source: Some("Rodion Miroshnik"),
        stance: S,
        proposition: "troops",
        tags: &["military/troops", "figures"],
        value: "almost 400",
        note: "",
    },
    Spec {
        doc: 5,
        quote: "In addition to the encircled military, there are also about 500 civilians at the enterprise.",
        occurrence: 0,
        source: Some("Rodion Miroshnik"),
        stance: S,
        proposition: "civilians",
        tags: &["civilians/sheltering", "figures"],
        value: "about 500",
        note: "The article’s paraphrase; Miroshnik’s quoted words say “up to 500”.",
    },
    Spec {
        doc: 5,
        quote: "negotiations are underway to provide a safe corridor for the withdrawal of civilians",
        occurrence: 0,
        source: Some("Rodion Miroshnik"),
        stance: S,
        proposition: "corridors",
        tags: &["humanitarian/evacuation"],
        value: "",
        note: "Under negotiation, not yet open.",
    },
    Spec {
        doc: 5,
        quote: "“About 300-400 Ukrainian militants are now blocked at Azot.",
        occurrence: 0,
        source: Some("Rodion Miroshnik"),
        stance: S,
        proposition: "troops",
        tags: &["military/troops", "figures"],
        value: "300-400",
        note: "The article’s lead paraphrase has “almost 300-400”.",
    },
    Spec {
        doc: 5,
        quote: "Up to 500 civilians can also stay there, who were hiding from shelling in the plant’s bomb shelter.",
        occurrence: 0,
        source: Some("Rodion Miroshnik"),
        stance: S,
        proposition: "civilians",
        tags: &["civilians/sheltering", "figures"],
        value: "up to 500",
        note: "He adds that more civilians are in other parts of the plant.",
    },
    Spec {
        doc: 5,
        quote: "the Ukrainian troops “will be guaranteed their lives and adequate treatment in accordance with international requirements if they release the hostages and lay down their arms.”",
        occurrence: 0,
        source: Some("Rodion Miroshnik"),
        stance: S,
        proposition: "hostages",
        tags: &["civilians/hostages"],
        value: "",
        note: "Calls the civilians hostages.",
    },
    Spec {
        doc: 5,
        quote: "Sergiy Gaiday, governor of the Lugansk region, which encompasses the city, indicated that\u{a0}Ukraine’s military may have to withdraw",
        occurrence: 0,
        source: Some("Serhiy Haidai"),
        stance: N,
        proposition: "order",
        tags: &["military/withdrawal"],
        value: "",
        note: "“Last week”: then only a possibility.",
    },
    Spec {
        doc: 5,
        quote: "The cities of\u{a0}Severodonetsk\u{a0}and Lysychansk, separated by a river, are the final sections of Lugansk still under Ukrainian control.",
        occurrence: 0,
        source: None,
        stance: D,
        proposition: "control",
        tags: &["territory/control"],
        value: "",
        note: "",
    },
    Spec {
        doc: 5,
        quote: "multiple Ukrainian units have\u{a0}lost up to 90% of their military troops\u{a0}in the fighting for Severodonetsk and are currently fleeing toward Lysychansk",
        occurrence: 0,
        source: Some("Mikhail Mizintsev"),
        stance: D,
        proposition: "tactical",
        tags: &["military/withdrawal"],
        value: "",
        note: "Presents the retreat as a flight after heavy losses.",
    },
    Spec {
        doc: 5,
        quote: "“Units of the Ukrainian armed forces, having suffered critical losses (in multiple units — up to 90%) during the battles for Severodonetsk, are retreating in the direction of Lysychansk,”",
        occurrence: 0,
        source: Some("Mikhail Mizintsev"),
        stance: S,
        proposition: "losses",
        tags: &["casualties/military", "figures"],
        value: "up to 90%",
        note: "",
    },
    Spec {
        doc: 5,
        quote: "Ukrainian servicemen mined the territory of the Azot plant in Severodonetsk, where civilians are also located",
        occurrence: 0,
        source: Some("Apta Alaudinov"),
        stance: S,
        proposition: "mined",
        tags: &["military/troops", "civilians/sheltering"],
        value: "",
        note: "",
    },
];

/// A 128-bit id from a hash of `key`: the first 16 bytes of its SHA-256, marked as a
/// version 8 (custom) UUID of the RFC 4122 variant.
pub fn stable_id(key: &str) -> u128 {
    let digest = Sha256::digest(key.as_bytes());
    let hash = digest
        .iter()
        .take(16)
        .fold(0u128, |acc, &byte| (acc << 8) | u128::from(byte));
    let versioned = (hash & !(0xf << 76)) | (0x8 << 76);
    (versioned & !(0x3 << 62)) | (0x2 << 62)
}

/// The package root, where `assets/` and `projects/` are.
pub fn package_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Builds the sample project from the articles in `corpus`.
pub fn build_project(corpus: &Path) -> Result<Project, String> {
    let mut project = Project::new(TITLE);
    project.description = DESCRIPTION.to_owned();

    for spec in DOCUMENTS {
        let path = corpus.join(spec.file);
        let raw = std::fs::read_to_string(&path)
            .map_err(|err| format!("cannot read {}: {err}", path.display()))?;
        let mut document = Document::new(spec.title, &raw);
        document.id = DocumentId::from_u128(stable_id(&format!("document:{}", spec.file)));
        document.outlet = spec.outlet.to_owned();
        document.author = spec.author.to_owned();
        document.language = "en".to_owned();
        document.notes = spec.notes.to_owned();
        document.imported_from = spec.file.to_owned();
        project.documents.push(document);
    }

    for spec in SOURCES {
        project.sources.push(Source {
            id: SourceId::from_u128(stable_id(&format!("source:{}", spec.name))),
            name: spec.name.to_owned(),
            role: spec.role.to_owned(),
            affiliation: spec.affiliation.to_owned(),
            notes: spec.notes.to_owned(),
        });
    }

    for (n, path) in TAGS.iter().enumerate() {
        let mut tag = Tag::new(*path, Colour::palette(n));
        tag.id = TagId::from_u128(stable_id(&format!("tag:{path}")));
        project.tags.push(tag);
    }

    for spec in PROPOSITIONS {
        let mut proposition = Proposition::new(spec.text);
        proposition.id = PropositionId::from_u128(stable_id(&format!("proposition:{}", spec.key)));
        proposition.notes = spec.notes.to_owned();
        project.propositions.push(proposition);
    }

    for spec in CLAIMS {
        let claim = build_claim(&project, spec)?;
        project.claims.push(claim);
    }

    for (name, documents) in DOCUMENT_SETS {
        let mut set = DocumentSet::new(*name);
        set.id = DocumentSetId::from_u128(stable_id(&format!("document set:{name}")));
        for number in *documents {
            let id = number
                .checked_sub(1)
                .and_then(|at| project.documents.get(at))
                .map(|d| d.id)
                .ok_or_else(|| format!("document set “{name}”: there is no document {number}"))?;
            set.documents.push(id);
        }
        project.document_sets.push(set);
    }

    check_consistency(&project)?;
    Ok(project)
}

/// One claim of the table, found in its document.
fn build_claim(project: &Project, spec: &Spec) -> Result<Claim, String> {
    let shown = |spec: &Spec| format!("“{}” (occurrence {})", spec.quote, spec.occurrence);
    let file = spec
        .doc
        .checked_sub(1)
        .and_then(|at| DOCUMENTS.get(at))
        .map(|d| d.file)
        .ok_or_else(|| format!("claim {}: there is no document {}", shown(spec), spec.doc))?;
    let document = project
        .documents
        .iter()
        .find(|d| d.imported_from == file)
        .ok_or_else(|| format!("claim {}: document {file} was not loaded", shown(spec)))?;
    let text = &document.text;
    let (byte_start, _) = text
        .match_indices(spec.quote)
        .nth(spec.occurrence)
        .ok_or_else(|| format!("quote not found in {file}: {}", shown(spec)))?;
    let byte_end = byte_start + spec.quote.len();
    let start = char_offset(text, byte_start)
        .ok_or_else(|| format!("quote {} starts inside a character", shown(spec)))?;
    let end = char_offset(text, byte_end)
        .ok_or_else(|| format!("quote {} ends inside a character", shown(spec)))?;

    let mut claim = Claim::new(document, CharRange::new(start, end), ANNOTATOR)
        .ok_or_else(|| format!("quote {} gives an empty range in {file}", shown(spec)))?;
    claim.id = ClaimId::from_u128(stable_id(&format!(
        "claim:{file}:{}:{}",
        spec.occurrence, spec.quote
    )));
    claim.created = TIMESTAMP.to_owned();
    claim.modified = TIMESTAMP.to_owned();
    claim.stance = Some(spec.stance);
    claim.value = spec.value.to_owned();
    claim.note = spec.note.to_owned();
    claim.source = match spec.source {
        None => None,
        Some(name) => Some(
            project
                .sources
                .iter()
                .find(|s| s.name == name)
                .map(|s| s.id)
                .ok_or_else(|| format!("claim {}: unknown source “{name}”", shown(spec)))?,
        ),
    };
    let key = spec.proposition;
    let text = PROPOSITIONS
        .iter()
        .find(|p| p.key == key)
        .map(|p| p.text)
        .ok_or_else(|| format!("claim {}: unknown proposition “{key}”", shown(spec)))?;
    claim.proposition = project
        .propositions
        .iter()
        .find(|p| p.text == text)
        .map(|p| p.id);
    for path in spec.tags {
        let tag = project
            .tags
            .iter()
            .find(|t| t.path == *path)
            .ok_or_else(|| format!("claim {}: unknown tag “{path}”", shown(spec)))?;
        claim.tags.push(tag.id);
    }
    Ok(claim)
}

/// Fails when an id repeats or a source, tag or proposition is never used.
fn check_consistency(project: &Project) -> Result<(), String> {
    let mut ids = std::collections::BTreeSet::new();
    let all = project
        .documents
        .iter()
        .map(|d| (d.id.as_u128(), d.title.as_str()))
        .chain(
            project
                .sources
                .iter()
                .map(|s| (s.id.as_u128(), s.name.as_str())),
        )
        .chain(
            project
                .tags
                .iter()
                .map(|t| (t.id.as_u128(), t.path.as_str())),
        )
        .chain(
            project
                .propositions
                .iter()
                .map(|p| (p.id.as_u128(), p.text.as_str())),
        )
        .chain(
            project
                .claims
                .iter()
                .map(|c| (c.id.as_u128(), c.quote.exact.as_str())),
        );
    for (id, what) in all {
        if !ids.insert(id) {
            return Err(format!(
                "two items share the id of “{what}”: is a claim listed twice?"
            ));
        }
    }
    for source in &project.sources {
        if !project.claims.iter().any(|c| c.source == Some(source.id)) {
            return Err(format!("source “{}” asserts no claim", source.name));
        }
    }
    for tag in &project.tags {
        if !project.claims.iter().any(|c| c.tags.contains(&tag.id)) {
            return Err(format!("tag “{}” is on no claim", tag.path));
        }
    }
    for proposition in &project.propositions {
        if !project
            .claims
            .iter()
            .any(|c| c.proposition == Some(proposition.id))
        {
            return Err(format!("proposition “{}” has no claim", proposition.text));
        }
    }
    Ok(())
}

fn run() -> Result<PathBuf, String> {
    let root = package_root();
    let output = match std::env::args_os().nth(1) {
        Some(path) => PathBuf::from(path),
        None => root.join(OUTPUT),
    };
    let project = build_project(&root.join(CORPUS))?;
    if let Some(folder) = output.parent().filter(|f| !f.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder)
            .map_err(|err| format!("cannot create {}: {err}", folder.display()))?;
    }
    triangulate::io::project_file::save(&output, &project).map_err(|err| err.to_string())?;
    println!(
        "wrote {}: {} documents, {} sources, {} tags, {} propositions, {} claims",
        output.display(),
        project.documents.len(),
        project.sources.len(),
        project.tags.len(),
        project.propositions.len(),
        project.claims.len()
    );
    Ok(output)
}

fn main() -> ExitCode {
    match run() {
        Ok(_) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("build_sample: {err}");
            ExitCode::from(1)
        }
    }
}
