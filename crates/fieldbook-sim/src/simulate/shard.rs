//! Slices of a team, so that a batch scheduler or a job array can simulate one team on
//! many machines: `K/N` is the K-th of N disjoint slices, made of whole blocks of people.

use std::fmt;
use std::ops::Range;
use std::str::FromStr;

/// How many people are simulated together, with one tracker. Fixed, so that neither the
/// number of threads nor the shard changes what a person's block is, nor the output.
pub const BLOCK: usize = 16;

/// The K-th of N disjoint slices of a team (`1/1`, the whole team, by default).
///
/// The team is cut into blocks of [`BLOCK`] people in roster order, and shard `K/N` runs
/// the K-th of N runs of consecutive blocks, as even as whole blocks allow (a shard may be
/// empty when N exceeds the number of blocks). The shards' outputs, taken in order,
/// are the whole team's output.
///
/// ```
/// use fieldbook_sim::Shard;
///
/// let shard: Shard = "2/3".parse()?;
/// assert_eq!((shard.index(), shard.count()), (2, 3));
/// assert!("3/2".parse::<Shard>().is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    index: usize,
    count: usize,
}

/// Why a shard is not one.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ShardError {
    /// Not `K/N` with two whole numbers.
    #[error("`{0}` is not a shard: write K/N, the K-th of N slices, such as 1/4")]
    Syntax(String),
    /// N is 0.
    #[error("a team cannot be cut into 0 slices: N must be at least 1")]
    NoSlices,
    /// K is not from 1 to N.
    #[error("slice {index} of {count} does not exist: K runs from 1 to N ({count})")]
    OutOfRange {
        /// K.
        index: usize,
        /// N.
        count: usize,
    },
}

impl Shard {
    /// The whole team.
    pub const WHOLE: Self = Self { index: 1, count: 1 };

    /// The `index`-th (from 1) of `count` slices.
    ///
    /// # Errors
    /// `count` is 0, or `index` is not from 1 to `count`.
    pub fn new(index: usize, count: usize) -> Result<Self, ShardError> {
        if count == 0 {
            return Err(ShardError::NoSlices);
        }
        if index == 0 || index > count {
            return Err(ShardError::OutOfRange { index, count });
        }
        Ok(Self { index, count })
    }

    /// K, from 1.
    pub fn index(&self) -> usize {
        self.index
    }

    /// N.
    pub fn count(&self) -> usize {
        self.count
    }

    /// The people of this shard of a team of `people`, as positions in the team.
    pub fn people(&self, people: usize) -> Range<usize> {
        let blocks = people.div_ceil(BLOCK);
        let first = (self.index - 1) * blocks / self.count;
        let end = self.index * blocks / self.count;
        (first * BLOCK).min(people)..(end * BLOCK).min(people)
    }

    /// The name of a shard's file: `stem.ext` for the whole team, `stem-K-of-N.ext` for a
    /// shard (`summary-2-of-4.csv`), so that shards can write to one folder.
    pub fn file_name(&self, stem: &str, ext: &str) -> String {
        match *self == Self::WHOLE {
            true => format!("{stem}.{ext}"),
            false => format!("{stem}-{}-of-{}.{ext}", self.index, self.count),
        }
    }

    /// The blocks of this shard of a team of `people`, in order.
    pub(crate) fn blocks(&self, people: usize) -> Vec<Range<usize>> {
        let range = self.people(people);
        range.clone().step_by(BLOCK).map(|start| start..(start + BLOCK).min(range.end)).collect()
    }
}

impl Default for Shard {
    fn default() -> Self {
        Self::WHOLE
    }
}

impl FromStr for Shard {
    type Err = ShardError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let syntax = || ShardError::Syntax(text.to_string());
        let (k, n) = text.split_once('/').ok_or_else(syntax)?;
        let number = |s: &str| s.trim().parse::<usize>().map_err(|_| syntax());
        Self::new(number(k)?, number(n)?)
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_shards_are_errors_that_say_what_to_write() {
        assert_eq!("3/2".parse::<Shard>(), Err(ShardError::OutOfRange { index: 3, count: 2 }));
        assert_eq!("0/2".parse::<Shard>(), Err(ShardError::OutOfRange { index: 0, count: 2 }));
        assert_eq!("0/0".parse::<Shard>(), Err(ShardError::NoSlices));
        assert_eq!("1/0".parse::<Shard>(), Err(ShardError::NoSlices));
        for text in ["", "2", "a/b", "1/2/3", "-1/2", "1/"] {
            assert_eq!(text.parse::<Shard>(), Err(ShardError::Syntax(text.to_string())), "{text}");
        }
        assert_eq!("2/3".parse::<Shard>().map(|s| s.to_string()), Ok("2/3".to_string()));
    }

    #[test]
    fn a_shards_files_carry_its_slice_and_the_whole_teams_do_not() {
        assert_eq!(Shard::WHOLE.file_name("summary", "csv"), "summary.csv");
        assert_eq!(Shard::new(2, 4).unwrap().file_name("summary", "csv"), "summary-2-of-4.csv");
    }

    #[test]
    fn the_shards_of_a_team_cover_it_once_in_order_in_whole_blocks() {
        for people in [0, 1, 15, 16, 17, 100, 1000] {
            for count in 1..=9 {
                let mut next = 0;
                for index in 1..=count {
                    let range = Shard::new(index, count).unwrap().people(people);
                    assert_eq!(range.start, next, "{people} people, {index}/{count}");
                    assert!(range.start % BLOCK == 0 || range.is_empty(), "{people} people, {index}/{count}");
                    next = range.end;
                }
                assert_eq!(next, people, "{people} people in {count} shards");
            }
        }
        // 100 people are 7 blocks (six of 16, one of 4); 2 shards take 3 and 4 of them.
        assert_eq!(Shard::new(1, 2).unwrap().people(100), 0..48);
        assert_eq!(Shard::new(2, 2).unwrap().blocks(100), [48..64, 64..80, 80..96, 96..100]);
    }
}
