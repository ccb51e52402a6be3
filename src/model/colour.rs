//! Colours of stances and tags, written to files as `#rrggbb`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An opaque sRGB colour.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Colour {
    /// Red, 0–255.
    pub r: u8,
    /// Green, 0–255.
    pub g: u8,
    /// Blue, 0–255.
    pub b: u8,
}

impl Colour {
    /// A colour from its three channels.
    pub const fn rgb(r: u8, g: u8, b: u8) -> Self {
        Self { r, g, b }
    }

    /// A pleasant colour for the n-th item of a list (tags, sources, propositions).
    pub fn palette(n: usize) -> Self {
        const PALETTE: [Colour; 12] = [
            Colour::rgb(0x4e, 0x79, 0xa7),
            Colour::rgb(0xf2, 0x8e, 0x2b),
            Colour::rgb(0x59, 0xa1, 0x4f),
            Colour::rgb(0xe1, 0x57, 0x59),
            Colour::rgb(0x76, 0xb7, 0xb2),
            Colour::rgb(0xed, 0xc9, 0x48),
            Colour::rgb(0xb0, 0x7a, 0xa1),
            Colour::rgb(0xff, 0x9d, 0xa7),
            Colour::rgb(0x9c, 0x75, 0x5f),
            Colour::rgb(0xba, 0xb0, 0xac),
            Colour::rgb(0x2f, 0x9e, 0x8f),
            Colour::rgb(0x8c, 0x6b, 0xd6),
        ];
        let [first, ..] = PALETTE;
        PALETTE.get(n % PALETTE.len()).copied().unwrap_or(first)
    }
}

impl fmt::Display for Colour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }
}

impl fmt::Debug for Colour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// A colour that is not of the form `#rrggbb`.
#[derive(Debug, thiserror::Error)]
#[error("“{0}” is not a colour of the form #rrggbb")]
pub struct BadColour(String);

impl FromStr for Colour {
    type Err = BadColour;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bad = || BadColour(text.to_owned());
        let hex = text.strip_prefix('#').ok_or_else(bad)?;
        if hex.len() != 6 || !hex.is_ascii() {
            return Err(bad());
        }
        let channel = |at: usize| u8::from_str_radix(&hex[at..at + 2], 16).map_err(|_| bad());
        Ok(Self::rgb(channel(0)?, channel(2)?, channel(4)?))
    }
}

impl Serialize for Colour {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Colour {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_round_trip() {
        let colour = Colour::rgb(0xd9, 0x4f, 0x0a);
        assert_eq!(colour.to_string(), "#d94f0a");
        assert_eq!("#d94f0a".parse::<Colour>().ok(), Some(colour));
        assert!("d94f0a".parse::<Colour>().is_err());
        assert!("#d94f0".parse::<Colour>().is_err());
        assert!("#zz4f0a".parse::<Colour>().is_err());
        assert!("#é4f0a".parse::<Colour>().is_err());
    }
}
