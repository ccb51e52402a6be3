//! The writing direction of text, for exports that can declare it (the HTML report).
//!
//! A piece of text is right-to-left when its first strong character is (Arabic,
//! Hebrew, Persian, Urdu, Syriac, Thaana, N'Ko, …), left-to-right when its first
//! strong character is, and neutral when it has none (digits, punctuation, emoji):
//! rules P2 and P3 of the Unicode bidi algorithm, as `unicode-bidi` applies them.
//! Line breaks do not stop the search: a first line of emoji or figures gives way to
//! the first line with letters, as a browser's `dir="auto"` would.

/// Which way a piece of text is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Its first strong character is left-to-right (Latin, Cyrillic, Chinese, …).
    LeftToRight,
    /// Its first strong character is right-to-left (Arabic, Hebrew, …).
    RightToLeft,
    /// It has no strong character (digits, punctuation, emoji, nothing).
    Neutral,
}

impl Direction {
    /// The direction of `text`, from its first strong character.
    pub fn of(text: &str) -> Self {
        match unicode_bidi::get_base_direction_full(text) {
            unicode_bidi::Direction::Ltr => Self::LeftToRight,
            unicode_bidi::Direction::Rtl => Self::RightToLeft,
            unicode_bidi::Direction::Mixed => Self::Neutral,
        }
    }

    /// Whether the text is right-to-left.
    pub fn is_right_to_left(self) -> bool {
        self == Self::RightToLeft
    }

    /// The HTML attribute (with its leading space) that an element holding text of
    /// this direction needs inside a left-to-right page: ` dir="rtl"` for
    /// right-to-left text, nothing otherwise.
    pub fn html_attribute(self) -> &'static str {
        if self.is_right_to_left() {
            " dir=\"rtl\""
        } else {
            ""
        }
    }

    /// The HTML attribute an inline element of this direction needs inside a block
    /// of direction `block`: the direction when the two differ, nothing when they
    /// agree or the inline text is neutral (it then takes the block's direction).
    pub fn html_attribute_within(self, block: Self) -> &'static str {
        match (self, block.is_right_to_left()) {
            (Self::RightToLeft, false) => " dir=\"rtl\"",
            (Self::LeftToRight, true) => " dir=\"ltr\"",
            _ => "",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_strong_character_decides() {
        let rtl = [
            "قال الحاكم إن 568 مدنياً ما زالوا في المصنع",
            "לפי הדיווח, 24 אזרחים",
            "۵۶۸ غیرنظامی در کارخانه",
            "568 مدنياً",
            "ܫܠܡܐ",
            "ދިވެހި",
            "ߒߞߏ",
            "✊🏻 👨‍👩‍👧\nقال",
            "«المدينة محاصرة» said TASS",
        ];
        for text in rtl {
            assert_eq!(Direction::of(text), Direction::RightToLeft, "{text}");
        }
        let ltr = [
            "Haidai said 568 civilians remain",
            "TASS wrote «المدينة محاصرة»",
            "北顿涅茨克",
            "セヴェロドネツク",
            "Северодонецк",
            "𝕏 post",
            // Regional indicators (the letters of flags) are strong left-to-right.
            "🇺🇦 قال",
        ];
        for text in ltr {
            assert_eq!(Direction::of(text), Direction::LeftToRight, "{text}");
        }
        for text in ["", "568", "✊🏻 👨‍👩‍👧", "— 1,200 —"] {
            assert_eq!(Direction::of(text), Direction::Neutral, "{text}");
        }
    }

    #[test]
    fn attributes_are_given_only_where_the_direction_changes() {
        let rtl = Direction::RightToLeft;
        let ltr = Direction::LeftToRight;
        let neutral = Direction::Neutral;
        assert_eq!(rtl.html_attribute(), " dir=\"rtl\"");
        assert_eq!(ltr.html_attribute(), "");
        assert_eq!(neutral.html_attribute(), "");
        assert_eq!(rtl.html_attribute_within(ltr), " dir=\"rtl\"");
        assert_eq!(rtl.html_attribute_within(neutral), " dir=\"rtl\"");
        assert_eq!(rtl.html_attribute_within(rtl), "");
        assert_eq!(ltr.html_attribute_within(rtl), " dir=\"ltr\"");
        assert_eq!(ltr.html_attribute_within(ltr), "");
        assert_eq!(neutral.html_attribute_within(rtl), "");
    }
}
