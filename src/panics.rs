//! A bug in newsdex met on one strange file costs that file, not the run.
//!
//! [`catch`] runs one file's reading and parsing and turns a panic in it into an error
//! message; [`quiet_hook`] (installed by the binary) keeps the panic hook silent for the
//! panics [`catch`] turns into messages, and only for those.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};

thread_local! {
    /// How many [`catch`] calls this thread is inside.
    static CATCHING: Cell<u32> = const { Cell::new(0) };
}

/// Runs `work`; a panic in it is returned as its message instead of unwinding further.
///
/// `work` is taken as unwind-safe: what it touches is one file's data, dropped with it.
pub fn catch<T>(work: impl FnOnce() -> T) -> Result<T, String> {
    CATCHING.with(|depth| depth.set(depth.get() + 1));
    let result = panic::catch_unwind(AssertUnwindSafe(work));
    CATCHING.with(|depth| depth.set(depth.get() - 1));
    result.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|message| (*message).to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic without a message".to_string())
    })
}

/// Installs a panic hook that says nothing for a panic [`catch`] turns into a message
/// (its caller reports it in one line) and hands every other panic to the hook it replaces.
pub fn quiet_hook() {
    let previous = panic::take_hook();
    panic::set_hook(Box::new(move |info| {
        if CATCHING.with(Cell::get) == 0 {
            previous(info);
        }
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_its_message_and_a_result_passes_through() {
        assert_eq!(catch(|| 7), Ok(7));
        assert_eq!(
            catch(|| panic!("bad {}", 1)),
            Err::<(), _>("bad 1".to_string())
        );
        assert_eq!(catch(|| panic!("plain")), Err::<(), _>("plain".to_string()));
        // Nested and after a panic, the depth is back to zero.
        assert_eq!(
            catch(|| catch(|| panic!("inner"))),
            Ok(Err("inner".to_string()))
        );
        assert_eq!(CATCHING.with(Cell::get), 0);
    }
}
