mod gsub;
mod kern;
pub mod parse;

pub use self::gsub::load_gsub;
pub use self::kern::*;
